using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Certsmith.Acme.Tests.TestBench;

public sealed class PebbleServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Directory_lists_newNonce_newAccount_and_newOrder()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);
        using var client = pebble.CreateHttpClient();

        using var directory = JsonDocument.Parse(await client.GetStringAsync(pebble.DirectoryUri, cts.Token));

        foreach (var name in new[] { "newNonce", "newAccount", "newOrder" })
        {
            Assert.True(directory.RootElement.TryGetProperty(name, out var url), $"{name} missing.\n{pebble.Log}");
            Assert.StartsWith($"https://127.0.0.1:{pebble.DirectoryUri.Port}/", url.GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Clients_from_the_server_trust_only_its_generated_listener_CA()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);
        using var machineTrust = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => machineTrust.GetAsync(pebble.DirectoryUri, cts.Token));
    }

    [Fact]
    public async Task GetRootAsync_returns_a_self_signed_CA_certificate_and_the_intermediate_chains_to_it()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);

        using var root = await pebble.GetRootAsync(0, cts.Token);
        using var intermediate = await pebble.GetIntermediateAsync(0, cts.Token);

        Assert.Contains("Pebble Root CA", root.Subject, StringComparison.Ordinal);
        Assert.Equal(root.Subject, root.Issuer);
        var constraints = root.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.Equal(root.Subject, intermediate.Issuer);
    }

    [Fact]
    public async Task SetTxtAsync_makes_the_value_visible_over_DNS_and_ClearTxtAsync_removes_it()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);
        var dns = IPEndPoint.Parse(pebble.DnsServer);
        const string name = "_acme-challenge.txt.example";

        await pebble.SetTxtAsync(name, "token-digest", cts.Token);
        Assert.Equal(["token-digest"], await DnsTxtQuery.QueryAsync(dns, name, cts.Token));

        await pebble.ClearTxtAsync(name, cts.Token);
        Assert.Empty(await DnsTxtQuery.QueryAsync(dns, name, cts.Token));
    }

    [Fact]
    public async Task Options_are_written_to_Pebble_config_and_environment()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var options = new PebbleOptions
        {
            NonceRejectPercent = 0,
            AuthzReusePercent = 100,
            CertificateValidityPeriod = TimeSpan.FromMinutes(10),
            ExternalAccountMacKeys = new Dictionary<string, string> { ["kid-1"] = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W" },
        };
        await using var pebble = await PebbleServer.StartAsync(options, cts.Token);
        using var client = pebble.CreateHttpClient();

        using var directory = JsonDocument.Parse(await client.GetStringAsync(pebble.DirectoryUri, cts.Token));

        Assert.True(directory.RootElement.GetProperty("meta").GetProperty("externalAccountRequired").GetBoolean());
        Assert.Contains("certificate validity period of 600 seconds", pebble.Log, StringComparison.Ordinal);
        Assert.Contains("reject 0% of good nonces", pebble.Log, StringComparison.Ordinal);
        Assert.Contains("authz reuse for each identifier 100%", pebble.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_DNS_server_replaces_the_challenge_test_server()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var withOwnDns = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions { DnsServer = withOwnDns.DnsServer }, cts.Token);

        Assert.Null(pebble.ChallengeServerProcessId);
        Assert.Equal(withOwnDns.DnsServer, pebble.DnsServer);
        Assert.Contains($"custom DNS resolver for ACME challenges: {withOwnDns.DnsServer}", pebble.Log, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pebble.SetTxtAsync("_acme-challenge.a.example", "x", cts.Token));
    }

    [Fact]
    public void Invalid_options_are_reported_together()
    {
        var errors = new PebbleOptions { HttpPort = 0, NonceRejectPercent = 101, ChainLength = 0, DnsServer = "nowhere" }.Validate();

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public async Task DisposeAsync_stops_pebble_and_the_challenge_server()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var pebble = await PebbleServer.StartAsync(new PebbleOptions(), cts.Token);
        using var pebbleProcess = Process.GetProcessById(pebble.PebbleProcessId);
        using var challengeProcess = Process.GetProcessById(pebble.ChallengeServerProcessId!.Value);

        await pebble.DisposeAsync();

        Assert.True(pebbleProcess.HasExited);
        Assert.True(challengeProcess.HasExited);
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var client = new HttpClient();
            await client.GetAsync(pebble.ChallengeServerManagementUri, cts.Token);
        });
    }
}
