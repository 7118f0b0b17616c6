using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>
/// A spec-exact ACME proxy in front of Pebble 2.4.0 that adds ARI (RFC 9773), ACME profiles
/// (draft-ietf-acme-profiles) and <c>Retry-After</c> on pending objects, while Pebble still issues.
/// Every other request and answer passes unchanged, <c>Host</c> included, so Pebble's URLs point at
/// the proxy and its JWS <c>url</c> check holds. HTTPS on 127.0.0.1, port chosen at start.
/// Thread-safe; the request log and counters are for tests to assert on.
/// </summary>
public sealed partial class AcmeShimProxy : IAsyncDisposable
{
    private const string DirectoryPath = "/dir";
    private const string RenewalInfoPath = "/renewal-info";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient upstream;
    private readonly Uri upstreamBase;
    private readonly AcmeShimOptions options;
    private readonly TimeProvider time;
    private readonly ShimTlsCertificate tls;
    private readonly ShimState state = new();
    private WebApplication? app;
    private UpstreamPaths paths = UpstreamPaths.Pebble;

    private AcmeShimProxy(Uri upstreamBase, HttpClient upstream, AcmeShimOptions options, TimeProvider time, ShimTlsCertificate tls)
    {
        this.upstreamBase = upstreamBase;
        this.upstream = upstream;
        this.options = options;
        this.time = time;
        this.tls = tls;
    }

    /// <summary>The proxy's base URI, <c>https://127.0.0.1:port/</c>.</summary>
    public Uri BaseUri { get; private set; } = new("https://127.0.0.1/");

    /// <summary>The ACME directory through the proxy.</summary>
    public Uri DirectoryUri => new(BaseUri, DirectoryPath);

    /// <summary>The root that issued the proxy's TLS certificate.</summary>
    public X509Certificate2 TlsRoot => tls.Root;

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<AcmeShimRequest> Requests => state.Requests();

    /// <summary>certIDs that newOrder requests carried in <c>replaces</c> and Pebble accepted, in order.</summary>
    public IReadOnlyList<string> ReplacedCertIds => state.ReplacedCertIds();

    /// <summary>Starts the proxy. <paramref name="upstreamHandler"/> stays the caller's; it must trust Pebble's HTTPS certificate.</summary>
    public static async Task<AcmeShimProxy> StartAsync(
        Uri upstreamPebbleBaseUri, HttpMessageHandler upstreamHandler, AcmeShimOptions options, TimeProvider time, CancellationToken ct)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid AcmeShimOptions: " + string.Join(" ", errors), nameof(options));
        }

        var client = new HttpClient(upstreamHandler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
        var proxy = new AcmeShimProxy(upstreamPebbleBaseUri, client, options, time, ShimTlsCertificate.Create(time));
        try
        {
            await proxy.LearnUpstreamPathsAsync(ct).ConfigureAwait(false);
            await proxy.StartKestrelAsync(ct).ConfigureAwait(false);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An HTTP handler that trusts only <see cref="TlsRoot"/>; the caller disposes it.</summary>
    public HttpMessageHandler CreateClientHandler() => tls.CreateClientHandler();

    /// <summary>How many requests of <paramref name="kind"/> the proxy received.</summary>
    public int CountOf(AcmeShimRequestKind kind) => state.Requests().Count(r => r.Kind == kind);

    /// <summary>Makes the proxy know <paramref name="leaf"/> as if Pebble had issued it through it; returns its certID.</summary>
    public string Remember(X509Certificate2 leaf)
    {
        var certId = AcmeCertId.Compute(leaf);
        state.RememberCertificate(certId, RenewalWindow.ForValidity(leaf.NotBefore.ToUniversalTime(), leaf.NotAfter.ToUniversalTime()));
        return certId;
    }

    /// <summary>
    /// Moves the suggested window of <paramref name="certId"/> — e.g. into the past for a mass
    /// revocation drill. The certID need not have been seen.
    /// </summary>
    public void SetRenewalWindow(string certId, DateTimeOffset start, DateTimeOffset end, Uri? explanation)
    {
        if (!AcmeCertId.IsWellFormed(certId))
        {
            throw new ArgumentException($"'{certId}' is no RFC 9773 certID.", nameof(certId));
        }

        if (end <= start)
        {
            throw new ArgumentException("RFC 9773 §4.2: the window's end must be after its start.", nameof(end));
        }

        state.SetWindow(certId, new RenewalWindow(start, end, explanation));
    }

    /// <summary>The profile the newOrder for <paramref name="orderUrl"/> asked for, if any.</summary>
    public string? ProfileOf(Uri orderUrl) => state.OrderOf(orderUrl.AbsolutePath)?.Profile;

    /// <summary>The certID the newOrder for <paramref name="orderUrl"/> carried in <c>replaces</c>, if any.</summary>
    public string? ReplacesOf(Uri orderUrl) => state.OrderOf(orderUrl.AbsolutePath)?.Replaces;

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            // Own short timeout: stopping must not depend on a caller's token.
            using var stop = new CancellationTokenSource(StopTimeout);
            await app.StopAsync(stop.Token).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        upstream.Dispose();
        tls.Dispose();
    }

    private async Task LearnUpstreamPathsAsync(CancellationToken ct)
    {
        using var response = await upstream.GetAsync(new Uri(upstreamBase, DirectoryPath), ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var directory = JsonNode.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false)) as JsonObject;
        paths = UpstreamPaths.FromDirectory(directory);
    }

    private async Task StartKestrelAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls.Server));
        });
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseUri = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority) + "/");
    }
}
