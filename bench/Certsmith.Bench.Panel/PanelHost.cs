using System.Net;
using Certsmith.Api;
using Certsmith.Core.Budgets;
using Certsmith.Core.Issuance;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Policy;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Certsmith.Panel;
using Certsmith.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Certsmith.Bench.Panel;

/// <summary>
/// The API and the web panel composed as tests/Certsmith.Api.Tests/ApiHost.cs composes them (which is how the server
/// program composes them, less the edge, the CA and the issuance processor), on Kestrel at 127.0.0.1:0 over a SQLite
/// file in <c>directory</c>. Domains are proven on adding (no DNS here). The budgets are Let's Encrypt's limits at a
/// made-up CA, so the admin's budget view has something to show. Logging off: the figures are the pages', not the console's.
/// </summary>
internal sealed class PanelHost : IAsyncDisposable
{
    /// <summary>The CA whose limits the budgets mirror (nothing is ever sent there).</summary>
    public static readonly Uri RateLimitedCa = new("https://ca.certsmith.test/directory");

    private readonly WebApplication _app;

    private PanelHost(WebApplication app, Uri baseAddress, string databasePath)
    {
        _app = app;
        BaseAddress = baseAddress;
        DatabasePath = databasePath;
    }

    public Uri BaseAddress { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => _app.Services;

    public ICertsmithStore Store => _app.Services.GetRequiredService<ICertsmithStore>();

    public static async Task<PanelHost> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var databasePath = Path.Combine(directory, "certsmith.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var services = builder.Services;
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = databasePath });
        await store.MigrateAsync(cancellationToken);
        services.AddSingleton<ICertsmithStore>(store);
        services.AddSingleton(time);
        services.AddSingleton<IKeyProtector>(new MasterKeyProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton(PublicSuffixList.Load());
        services.AddSingleton(new PlatformOptions { MarkDomainsProvenWithoutDns = true, WebhookAllowedNetworks = ["127.0.0.0/8"] });
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
        // Plain HTTP on loopback, as in the zero-configuration local run: cookies without the Secure flag.
        services.AddCertsmithPanel(new PanelOptions { SecureCookies = false });

        var app = builder.Build();
        app.MapCertsmithApi();
        app.MapCertsmithPanel();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new PanelHost(app, new Uri(address), databasePath);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The platform's own listeners are this server's: a backend may not point at it.</summary>
    private sealed class KestrelListeners(IServer server) : IPlatformListeners
    {
        public IReadOnlyList<IPEndPoint> Endpoints =>
            [.. server.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(a => new Uri(a)).Select(u => new IPEndPoint(IPAddress.Parse(u.Host), u.Port))];
    }
}
