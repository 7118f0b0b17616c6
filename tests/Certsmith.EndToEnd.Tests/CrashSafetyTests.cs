using System.Globalization;
using Certsmith.Core.Issuance;
using Certsmith.LocalCa;
using Certsmith.Testing.AcmeProxy;
using Xunit.Abstractions;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// Issue 4, section 3: the server process is killed (SIGKILL, no clean-up) at each point of an issuance and
/// started again over the same data directory. The CA (a Pebble the test owns, behind a proxy that counts
/// what reaches it) lives on, so the restart can resume the stored order.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-crash-").FullName;
    private PebbleServer _pebble = null!;
    private AcmeShimProxy _proxy = null!;
    private HttpMessageHandler _upstream = null!;
    private string _trustBundle = null!;
    private int _edgeHttpPort;

    public async Task InitializeAsync()
    {
        _edgeHttpPort = ApiCalls.FreePort();
        // No rejected nonces here: a re-signed request would count twice at the proxy.
        _pebble = await PebbleServer.StartAsync(new PebbleOptions { HttpPort = _edgeHttpPort, NonceRejectPercent = 0 }, CancellationToken.None);
        _upstream = _pebble.CreateHandler();
        _proxy = await AcmeShimProxy.StartAsync(new Uri(_pebble.DirectoryUri, "/"), _upstream, new AcmeShimOptions(), TimeProvider.System, CancellationToken.None);
        _trustBundle = Path.Combine(_dir, "ca-bundle.pem");
        await File.WriteAllTextAsync(_trustBundle, _proxy.TlsRoot.ExportCertificatePem());
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _upstream.Dispose();
        await _pebble.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(FaultPoints.BeforeOrderCreated, 1)]
    [InlineData(FaultPoints.OrderCreatedNotStored, 2)]
    [InlineData(FaultPoints.OrderStored, 1)]
    [InlineData(FaultPoints.ChallengesPending, 1)]
    [InlineData(FaultPoints.FinalizedNotDownloaded, 1)]
    [InlineData(FaultPoints.DownloadedNotActivated, 1)]
    public async Task Killed_at_a_point_of_issuance_a_restart_secures_the_address_with_one_certificate(string point, int ordersExpected)
    {
        string[] args =
        [
            $"--Certsmith:DataDirectory={Path.Combine(_dir, "data")}",
            $"--Acme:DirectoryUrl={_proxy.DirectoryUri}",
            $"--Acme:TrustBundle={_trustBundle}",
            "--Acme:AcceptTermsOfService=true",
            "--Acme:IsTestCa=true",
            $"--Edge:HttpPort={_edgeHttpPort.ToString(CultureInfo.InvariantCulture)}",
            "--Platform:MarkDomainsProvenWithoutDns=true",
        ];
        string tenant;
        string address;
        await using (var doomed = await PlatformProcess.StartAsync(_dir, args, new Dictionary<string, string> { ["CERTSMITH_KILL_AT"] = point }))
        {
            tenant = (string)(await doomed.PostAsync("/api/v1/tenants", new { name = "crash" }))["id"]!;
            await doomed.PostAsync($"/api/v1/tenants/{tenant}/domains", new { name = "crash.example", kind = "external" });
            var site = await doomed.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "c" });
            address = (string)(await doomed.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "c.crash.example" }))["id"]!;
            Assert.True(await doomed.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"the server was not killed at {point}:\n{doomed.Output}");
            Assert.Contains($"killed at {point}", doomed.Output, StringComparison.Ordinal);
        }
        var ordersAtKill = _proxy.CountOf(AcmeShimRequestKind.NewOrder);
        var finalizesAtKill = _proxy.CountOf(AcmeShimRequestKind.Finalize);

        await using var restarted = await PlatformProcess.StartAsync(_dir, args);
        var started = DateTime.UtcNow;
        string? state = null;
        while (state != "valid" && DateTime.UtcNow < started.AddSeconds(60))
        {
            state = (string?)(await restarted.GetAsync($"/api/v1/tenants/{tenant}/addresses/{address}"))["certificateState"];
            await Task.Delay(100);
        }
        var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(restarted.EdgeHttpsPort, "c.crash.example", await _pebble.GetRootAsync(0, CancellationToken.None));
        using var _ = leaf;
        var certificates = (await restarted.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        var orders = _proxy.CountOf(AcmeShimRequestKind.NewOrder);
        var finalizes = _proxy.CountOf(AcmeShimRequestKind.Finalize);
        output.WriteLine($"{point}: at the kill {ordersAtKill} order(s), {finalizesAtKill} finalize(s); after the restart secured in " +
            $"{(DateTime.UtcNow - started).TotalSeconds:F1} s with {orders} order(s) and {finalizes} finalize(s) in all; state {state}.");

        Assert.Equal("valid", state);
        Assert.True(chainsToRoot, "the edge serves the address's certificate, chained to the CA's root");
        Assert.Equal(["c.crash.example"], EdgeClient.DnsNames(leaf));
        Assert.Single(certificates);
        Assert.Equal(1, finalizes);
        Assert.Equal(ordersExpected, orders);
    }

}
