using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Certsmith.Testing;

namespace Certsmith.Acme.Tests.TestBench;

/// <summary>End to end: Pebble resolves the name through challtestsrv and reaches the bench's responders.</summary>
public sealed class PebbleValidatesThroughTheBenchTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Pebble 2.4.0 sends no Retry-After on a pending authorization, so the test picks its own pace.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    [Theory]
    [InlineData("http-01")]
    [InlineData("tls-alpn-01")]
    [InlineData("dns-01")]
    public async Task Pebble_marks_the_authorization_valid(string challengeType)
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var http = await Http01Responder.StartAsync(cts.Token);
        await using var tls = await TlsAlpnResponder.StartAsync(cts.Token);
        var options = new PebbleOptions { HttpPort = http.Port, TlsPort = tls.Port, NonceRejectPercent = 0, AuthzReusePercent = 0 };
        await using var pebble = await PebbleServer.StartAsync(options, cts.Token);
        using var httpClient = pebble.CreateHttpClient();
        using var acme = new MiniAcmeClient(httpClient);
        var name = $"{challengeType}.bench.example";

        await acme.RegisterAsync(pebble.DirectoryUri, cts.Token);
        var authorizationUrl = await acme.OrderAsync(name, cts.Token);
        var authorization = await acme.GetAsync(authorizationUrl, cts.Token);
        var challenge = authorization["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == challengeType)!;
        var keyAuthorization = $"{challenge["token"]!.GetValue<string>()}.{acme.Thumbprint}";
        switch (challengeType)
        {
            case "http-01":
                http.Set(challenge["token"]!.GetValue<string>(), keyAuthorization);
                break;
            case "tls-alpn-01":
                using (var certificate = MiniAcmeClient.CreateTlsAlpnCertificate(name, keyAuthorization))
                {
                    tls.Set(name, certificate);
                }

                break;
            default:
                var digest = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
                await pebble.SetTxtAsync($"_acme-challenge.{name}", digest, cts.Token);
                break;
        }

        await acme.RespondAsync(challenge["url"]!.GetValue<string>(), cts.Token);
        var status = await PollStatusAsync(acme, authorizationUrl, cts.Token);

        Assert.True(status.Status == "valid", $"Authorization {status.Status}: {status.Document}\n{pebble.Log}");
        Assert.Equal(challengeType == "http-01", http.RequestCount > 0);
    }

    [Fact]
    public async Task Pebble_marks_the_authorization_invalid_when_the_responder_serves_a_wrong_key_authorization()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var http = await Http01Responder.StartAsync(cts.Token);
        var options = new PebbleOptions { HttpPort = http.Port, NonceRejectPercent = 0, AuthzReusePercent = 0 };
        await using var pebble = await PebbleServer.StartAsync(options, cts.Token);
        using var httpClient = pebble.CreateHttpClient();
        using var acme = new MiniAcmeClient(httpClient);

        await acme.RegisterAsync(pebble.DirectoryUri, cts.Token);
        var authorizationUrl = await acme.OrderAsync("wrong.bench.example", cts.Token);
        var authorization = await acme.GetAsync(authorizationUrl, cts.Token);
        var challenge = authorization["challenges"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "http-01")!;
        http.Set(challenge["token"]!.GetValue<string>(), "not-the-key-authorization");
        await acme.RespondAsync(challenge["url"]!.GetValue<string>(), cts.Token);
        var status = await PollStatusAsync(acme, authorizationUrl, cts.Token);

        Assert.True(status.Status == "invalid", $"Authorization {status.Status}: {status.Document}\n{pebble.Log}");
        Assert.True(http.RequestCount > 0);
    }

    private static async Task<(string Status, JsonNode Document)> PollStatusAsync(
        MiniAcmeClient acme, string authorizationUrl, CancellationToken cancellationToken)
    {
        while (true)
        {
            var authorization = await acme.GetAsync(authorizationUrl, cancellationToken);
            var status = authorization["status"]!.GetValue<string>();
            if (status != "pending")
            {
                return (status, authorization);
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
