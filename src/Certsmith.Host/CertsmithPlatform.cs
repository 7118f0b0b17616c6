using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Api;
using Certsmith.Core.Platform;
using Certsmith.Core.Security;
using Certsmith.Edge;
using Certsmith.Host.Composition;
using Certsmith.Host.Configuration;
using Certsmith.LocalCa;
using Certsmith.Panel;
using Certsmith.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Certsmith.Host;

/// <summary>
/// The whole platform in one process, started in order: store (migrated), edge (its ports are needed by the
/// CA), CA (the local Pebble when none is configured), then the API and the issuance worker. Stops what it
/// started, in reverse.
/// </summary>
public sealed partial class CertsmithPlatform : IAsyncDisposable
{
    private readonly WebApplication _api;
    private readonly EdgeServer _edge;
    private readonly PebbleServer? _pebble;

    private CertsmithPlatform(WebApplication api, EdgeServer edge, PebbleServer? pebble, Uri apiUri, Uri caDirectory, string adminTokenFile)
    {
        _api = api;
        _edge = edge;
        _pebble = pebble;
        ApiUri = apiUri;
        CaDirectory = caDirectory;
        AdminTokenFile = adminTokenFile;
    }

    /// <summary>Where the REST API listens (under /api/v1) and the web panel (at the root).</summary>
    public Uri ApiUri { get; }

    /// <summary>The edge's plain-HTTP port.</summary>
    public int EdgeHttpPort => _edge.HttpPort;

    /// <summary>The edge's HTTPS port.</summary>
    public int EdgeHttpsPort => _edge.HttpsPort;

    /// <summary>The CA in use.</summary>
    public Uri CaDirectory { get; }

    /// <summary>The local Pebble, when the platform started one.</summary>
    public PebbleServer? LocalCa => _pebble;

    /// <summary>The file holding the platform-admin token written at first start.</summary>
    public string AdminTokenFile { get; }

    /// <summary>The API's services (for tests and tools in this process).</summary>
    public IServiceProvider Services => _api.Services;

    /// <summary>Starts everything; throws with every configuration error at once when the settings are wrong.</summary>
    public static async Task<CertsmithPlatform> StartAsync(string[] args, Action<IConfigurationBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder.Configuration);
        var settings = Settings.Read(builder.Configuration);

        Directory.CreateDirectory(settings.Host.DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var keys = new MasterKeyProtector(settings.Host.LoadMasterKey());
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = Path.Combine(settings.Host.DataDirectory, "certsmith.db") });
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);

        var runtime = new PlatformRuntime();
        builder.Services.AddCertsmithPlatform(store, keys, settings.Platform, settings.Backends, settings.Issuance, runtime);
        if (settings.Dns.IsConfigured)
        {
            builder.Services.AddCertsmithDns01(settings.Dns.ToOptions());
        }
        builder.Services.AddCertsmithApi();
        builder.Services.AddCertsmithDataProtection(Path.Combine(settings.Host.DataDirectory, "panel-keys"), keys);
        builder.Services.AddCertsmithPanel(new PanelOptions { SecureCookies = settings.Host.PanelCookiesSecure });
        builder.WebHost.UseUrls(settings.Host.ApiUrl);
        var api = builder.Build();
        if (settings.Host.TrustedProxies.Count > 0)
        {
            api.UseForwardedHeaders(ForwardedHeaders(settings.Host.TrustedProxies));
        }
        api.MapCertsmithApi();
        api.MapCertsmithPanel();
        var logger = api.Services.GetRequiredService<ILoggerFactory>().CreateLogger<CertsmithPlatform>();

        EdgeServer? edge = null;
        PebbleServer? pebble = null;
        try
        {
            edge = await EdgeServer.StartAsync(store, keys, TimeProvider.System, api.Services.GetRequiredService<ILoggerFactory>(), settings.Edge, cancellationToken).ConfigureAwait(false);
            runtime.Edge = edge;
            runtime.AddListeners(edge.Listeners);

            Uri directory;
            if (settings.Acme.IsLocal)
            {
                // The zero-configuration run: a local Pebble that validates HTTP-01 and TLS-ALPN-01 against our edge.
                // LocalCa:CertificateValiditySeconds makes short-lived certificates (to watch renewal happen).
                var validity = builder.Configuration.GetValue<int?>("LocalCa:CertificateValiditySeconds");
                pebble = await PebbleServer.StartAsync(new PebbleOptions
                {
                    HttpPort = edge.HttpPort,
                    TlsPort = edge.HttpsPort,
                    CertificateValidityPeriod = validity is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    // LocalCa:DnsServer: Pebble resolves names (and DNS-01 TXT records) there, e.g. the platform's own DNS.
                    DnsServer = builder.Configuration["LocalCa:DnsServer"] is { Length: > 0 } dnsServer ? dnsServer : null,
                }, cancellationToken).ConfigureAwait(false);
                directory = pebble.DirectoryUri;
                runtime.AcmeHandlerFactory = pebble.CreateHandler;
                runtime.Ca = settings.Acme.ToOptions(directory, isTestCa: true) with { AcceptTermsOfService = true, Contacts = [] };
                runtime.AddListeners(new[] { pebble.DirectoryUri, pebble.ManagementUri }.Select(u => new IPEndPoint(IPAddress.Loopback, u.Port)));
            }
            else
            {
                directory = new Uri(settings.Acme.DirectoryUrl!);
                runtime.AcmeHandlerFactory = TrustBundleHandler(settings.Acme.TrustBundle);
                runtime.Ca = settings.Acme.ToOptions(directory, settings.Acme.IsTestCa);
            }
            runtime.RateLimits = settings.Acme.RateLimits.ToOptions(directory);
            var caErrors = runtime.Ca.Validate();
            if (caErrors.Count > 0)
            {
                throw new InvalidOperationException("Invalid configuration: " + string.Join(" ", caErrors));
            }

            await api.StartAsync(cancellationToken).ConfigureAwait(false);
            var apiUri = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            runtime.AddListeners([new IPEndPoint(IPAddress.TryParse(apiUri.Host.Trim('[', ']'), out var ip) ? ip : IPAddress.Any, apiUri.Port)]);

            await AdminToken.EnsureAsync(api.Services.GetRequiredService<TenantService>(), store, settings.Host.AdminTokenFile, logger, cancellationToken).ConfigureAwait(false);
            await AdminUser.EnsureAsync(api.Services.GetRequiredService<UserService>(), settings.Host.AdminEmail, settings.Host.AdminPasswordFile, logger, cancellationToken).ConfigureAwait(false);
            LogStarted(logger, apiUri, edge.HttpPort, edge.HttpsPort, directory);
            if (settings.Host.PanelCookiesSecure && apiUri.Scheme == Uri.UriSchemeHttp)
            {
                // Right behind a TLS-terminating proxy; otherwise browsers drop the cookies and sign-in loops without a word.
                LogSecureCookiesOverHttp(logger, apiUri);
            }
            return new CertsmithPlatform(api, edge, pebble, apiUri, directory, settings.Host.AdminTokenFile);
        }
        catch
        {
            await api.DisposeAsync().ConfigureAwait(false);
            if (edge is not null)
            {
                await edge.DisposeAsync().ConfigureAwait(false);
            }
            if (pebble is not null)
            {
                await pebble.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _api.WaitForShutdownAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _api.DisposeAsync().ConfigureAwait(false);
        await _edge.DisposeAsync().ConfigureAwait(false);
        if (_pebble is not null)
        {
            await _pebble.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The client's address and scheme as the trusted proxies forward them (and no one else).</summary>
    private static ForwardedHeadersOptions ForwardedHeaders(IEnumerable<string> proxies)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(proxy, out var network) ? network : new System.Net.IPNetwork(IPAddress.Parse(proxy), IPAddress.Parse(proxy).AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
        }
        return options;
    }

    private static Func<HttpMessageHandler>? TrustBundleHandler(string? bundle)
    {
        if (string.IsNullOrWhiteSpace(bundle))
        {
            return null;
        }
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(bundle);
        return () =>
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            return new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy } };
        };
    }

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "The panel's cookies are sent over HTTPS only, but the panel listens on plain HTTP at {Api}: sign-in works only through a TLS-terminating proxy in front of it. Serving it over plain HTTP on purpose? Set Certsmith:PanelSecureCookies to false.")]
    private static partial void LogSecureCookiesOverHttp(ILogger logger, Uri api);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Certsmith is running. Panel and API {Api}; sites on HTTP port {Http} and HTTPS port {Https}; CA {Directory}.")]
    private static partial void LogStarted(ILogger logger, Uri api, int http, int https, Uri directory);
}
