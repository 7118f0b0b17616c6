using System.Net;
using System.Net.Http.Headers;
using Certsmith.Api;
using Certsmith.Core.Budgets;
using Certsmith.Core.Issuance;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Policy;
using Certsmith.Core.Storage;
using Certsmith.Panel;
using Certsmith.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Certsmith.Testing.ControlPlane;

/// <summary>
/// The API and the web panel with the Core services the server program registers for them, on real Kestrel at
/// 127.0.0.1:0 over the real SQLite store (a temp file, or the path given); unlike the server program, the panel's
/// key ring is in memory (nothing written to ~/.aspnet) and its cookies are not HTTPS-only (plain HTTP here). Used by
/// the API tests and the panel bench. No issuance processor runs, so certificates stay
/// pending. Domains are proven on adding unless told otherwise. The CA's rate limits are Let's Encrypt's (at the
/// made-up CA <see cref="RateLimitedCa"/>), for the admin's budget view.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _databasePath;

    private ApiHost(WebApplication app, string databasePath, Uri baseAddress, string adminToken)
    {
        _app = app;
        _databasePath = databasePath;
        BaseAddress = baseAddress;
        AdminToken = adminToken;
    }

    /// <summary>The CA whose limits the budgets mirror (nothing is ever sent there).</summary>
    public static Uri RateLimitedCa { get; } = new("https://ca.certsmith.test/directory");

    public Uri BaseAddress { get; }

    /// <summary>The SQLite file (deleted on dispose).</summary>
    public string DatabasePath => _databasePath;

    /// <summary>A platform-admin token, as the host's first start would write it.</summary>
    public string AdminToken { get; }

    public ICertsmithStore Store => _app.Services.GetRequiredService<ICertsmithStore>();

    public IServiceProvider Services => _app.Services;

    /// <param name="markDomainsProven">Whether a domain is proven on adding (no DNS in these tests).</param>
    /// <param name="time">The clock (a fake one freezes the sign-in throttle's waits); the system's by default.</param>
    /// <param name="databasePath">The SQLite file to use (e.g. in a bench's directory); a fresh temp file when null.</param>
    public static async Task<ApiHost> StartAsync(bool markDomainsProven = true, TimeProvider? time = null, string? databasePath = null)
    {
        time ??= TimeProvider.System;
        databasePath ??= Path.Combine(Path.GetTempPath(), $"certsmith-api-{Guid.NewGuid():N}.db");
        // The slim builder serves the panel as it is: its pages are compiled into its assembly, which
        // AddCertsmithPanel adds as an application part, so no application name or content root is needed.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var services = builder.Services;
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = databasePath });
        await store.MigrateAsync(CancellationToken.None);
        services.AddSingleton<ICertsmithStore>(store);
        services.AddSingleton(time);
        services.AddSingleton<Certsmith.Core.Security.IKeyProtector>(new Certsmith.Core.Security.MasterKeyProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton(PublicSuffixList.Load());
        services.AddSingleton(new PlatformOptions { MarkDomainsProvenWithoutDns = markDomainsProven, WebhookAllowedNetworks = ["127.0.0.0/8"] });
        services.AddSingleton(new BackendOptions());
        services.AddSingleton<IPlatformListeners, KestrelListeners>();
        services.AddSingleton(sp => new BackendValidator(sp.GetRequiredService<BackendOptions>(), sp.GetRequiredService<IPlatformListeners>()));
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<ICertsmithStore>().Events, time));
        services.AddSingleton<ParentLocks>();
        services.AddSingleton<IWildcardEligibility, NoWildcardsWithoutDns01>();
        services.AddSingleton<IssuanceSignal>();
        services.AddSingleton<PolicyRunner>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<DomainService>();
        services.AddSingleton<SiteService>();
        services.AddSingleton<IIssuanceBudget>(sp => new RateLimitBudget(
            store.Budgets, new RateLimitOptions { Ca = RateLimitedCa }, sp.GetRequiredService<PublicSuffixList>(), time));
        services.AddCertsmithApi();
        // Plain HTTP here, as in the zero-configuration local run: cookies without the Secure flag.
        // Keys for session cookies and antiforgery in memory: a test host writes nothing to ~/.aspnet.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddCertsmithPanel(new PanelOptions { SecureCookies = false });

        var app = builder.Build();
        app.MapCertsmithApi();
        app.MapCertsmithPanel();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var (_, secret) = await app.Services.GetRequiredService<TenantService>().CreateTokenAsync(null, "test admin", CancellationToken.None);
        return new ApiHost(app, databasePath, new Uri(address), secret);
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token (none for null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_databasePath + suffix);
        }
    }

    /// <summary>The platform's own listeners are this test server's: a backend may not point at it.</summary>
    private sealed class KestrelListeners(IServer server) : IPlatformListeners
    {
        public IReadOnlyList<IPEndPoint> Endpoints =>
            server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).Select(u => new IPEndPoint(IPAddress.Parse(u.Host), u.Port)).ToList();
    }
}
