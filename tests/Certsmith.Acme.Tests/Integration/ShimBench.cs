using Certsmith.Acme.Jws;
using Certsmith.Testing.AcmeProxy;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>
/// An <see cref="AcmeBench"/> with the spec-exact <see cref="AcmeShimProxy"/> in front of its Pebble, and an
/// HTTP client that trusts the proxy. Pebble rejects no nonces here, so the requests the proxy records are
/// exactly the ones the client meant to send.
/// </summary>
public sealed class ShimBench : IAsyncDisposable
{
    private readonly HttpMessageHandler _upstream;

    private ShimBench(AcmeBench acme, HttpMessageHandler upstream, AcmeShimProxy proxy)
    {
        Acme = acme;
        _upstream = upstream;
        Proxy = proxy;
        Http = new HttpClient(proxy.CreateClientHandler());
    }

    public AcmeBench Acme { get; }

    public AcmeShimProxy Proxy { get; }

    /// <summary>Trusts only the proxy's TLS certificate; for the library and for raw HTTP checks alike.</summary>
    public HttpClient Http { get; }

    public static async Task<ShimBench> StartAsync(AcmeShimOptions options)
    {
        var acme = await AcmeBench.StartAsync(o => o with { NonceRejectPercent = 0 });
        var upstream = acme.Pebble.CreateHandler();
        try
        {
            var proxy = await AcmeShimProxy.StartAsync(
                new Uri(acme.Pebble.DirectoryUri, "/"), upstream, options, TimeProvider.System, CancellationToken.None);
            return new ShimBench(acme, upstream, proxy);
        }
        catch
        {
            upstream.Dispose();
            await acme.DisposeAsync();
            throw;
        }
    }

    /// <summary>A library client with a fresh account, talking to Pebble only through the proxy.</summary>
    public Task<AcmeClient> ClientWithAccountAsync(AcmeKey key) => Acme.ClientWithAccountAsync(key, Proxy.DirectoryUri, Http);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Proxy.DisposeAsync();
        _upstream.Dispose(); // AcmeShimProxy leaves the upstream handler to its caller
        await Acme.DisposeAsync();
    }
}
