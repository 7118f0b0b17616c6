using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Certsmith.LocalCa;
using Certsmith.Testing.AcmeProxy;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// A CA the test owns, outside the platform: a Pebble on a fixed address (so it can be stopped and started
/// again there, forgetting everything as a restarted CA does) behind the spec-exact proxy that adds ARI and
/// counts every request. The platform is configured against the proxy like against Let's Encrypt.
/// </summary>
internal sealed class ExternalCa : IAsyncDisposable
{
    private readonly int _acmePort = ApiCalls.FreePort();
    private PebbleServer? _pebble;

    private ExternalCa(string directory) => Directory = directory;

    public string Directory { get; }

    /// <summary>The port the platform's edge must serve plain HTTP on (Pebble's httpPort).</summary>
    public int EdgeHttpPort { get; } = ApiCalls.FreePort();

    public AcmeShimProxy Proxy { get; private set; } = null!;

    public PebbleServer Pebble => _pebble ?? throw new InvalidOperationException("The CA is stopped.");

    public string TrustBundle => Path.Combine(Directory, "ca-bundle.pem");

    public static async Task<ExternalCa> StartAsync(string directory, AcmeShimOptions? options = null)
    {
        var ca = new ExternalCa(directory);
        await ca.StartPebbleAsync();
        ca.Proxy = await AcmeShimProxy.StartAsync(new Uri($"https://127.0.0.1:{ca._acmePort}/"), ca.UpstreamHandler(), options ?? new AcmeShimOptions(), TimeProvider.System, CancellationToken.None);
        await File.WriteAllTextAsync(ca.TrustBundle, ca.Proxy.TlsRoot.ExportCertificatePem());
        return ca;
    }

    /// <summary>Settings that point a platform at this CA.</summary>
    public void Configure(PlatformFixture fixture)
    {
        fixture.Settings["Acme:DirectoryUrl"] = Proxy.DirectoryUri.ToString();
        fixture.Settings["Acme:TrustBundle"] = TrustBundle;
        fixture.Settings["Acme:AcceptTermsOfService"] = "true";
        fixture.Settings["Acme:IsTestCa"] = "true";
        fixture.Settings["Edge:HttpPort"] = EdgeHttpPort.ToString(CultureInfo.InvariantCulture);
        fixture.Settings["Platform:MarkDomainsProvenWithoutDns"] = "true";
    }

    /// <summary>Stops Pebble: the CA is unreachable (the proxy answers with errors).</summary>
    public async Task StopAsync()
    {
        if (_pebble is { } pebble)
        {
            _pebble = null;
            await pebble.DisposeAsync();
        }
    }

    /// <summary>Starts a fresh Pebble at the same address: it knows no account, no order.</summary>
    public Task StartPebbleAsync() => StartPebbleCoreAsync();

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await StopAsync();
    }

    private async Task StartPebbleCoreAsync() =>
        _pebble = await PebbleServer.StartAsync(new PebbleOptions { HttpPort = EdgeHttpPort, AcmePort = _acmePort, NonceRejectPercent = 0 }, CancellationToken.None);

    /// <summary>Trusts whichever Pebble runs now (each start makes a new listener certificate).</summary>
    private SocketsHttpHandler UpstreamHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (_pebble is not { } current || certificate is null)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(current.ListenerRootCertificate);
                return chain.Build(new X509Certificate2(certificate));
            },
        },
    };

}
