using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Certsmith.Testing.AcmeProxy;

namespace Certsmith.Acme.Tests.TestBench;

public sealed class AcmeShimCertIdTests
{
    [Fact]
    public void CertId_matches_the_RFC_9773_example()
    {
        byte[] keyIdentifier = Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
        byte[] serial = Convert.FromHexString("0087654321");

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AcmeCertId.Compute(keyIdentifier, serial));
    }

    [Fact]
    public void CertId_of_a_certificate_uses_its_AKI_and_serial_content_octets()
    {
        using var leaf = TestCertificates.Leaf(serial: Convert.FromHexString("0087654321"), out var keyIdentifier);

        Assert.Equal(Base64Url.EncodeToString(keyIdentifier) + ".AIdlQyE", AcmeCertId.Compute(leaf));
    }

    [Fact]
    public async Task StartAsync_reports_every_invalid_option_at_once()
    {
        var options = new AcmeShimOptions { RenewalInfoRetryAfter = TimeSpan.Zero, PendingRetryAfter = TimeSpan.FromSeconds(-1) };
        using var handler = new HttpClientHandler();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AcmeShimProxy.StartAsync(new Uri("https://127.0.0.1:1/"), handler, options, TimeProvider.System, CancellationToken.None));

        Assert.Contains(nameof(AcmeShimOptions.RenewalInfoRetryAfter), error.Message);
        Assert.Contains(nameof(AcmeShimOptions.PendingRetryAfter), error.Message);
    }

    [Theory]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", true)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ", false)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ.", false)]
    [InlineData("a.b.c", false)]
    [InlineData("aYhb+4dG.AIdlQyE", false)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AIdlQyE", false)]
    public void CertId_well_formedness_follows_RFC_9773(string certId, bool wellFormed) =>
        Assert.Equal(wellFormed, AcmeCertId.IsWellFormed(certId));
}

public sealed class AcmeShimProxyTests(AcmeShimProxyTests.Bench bench) : IClassFixture<AcmeShimProxyTests.Bench>
{
    private static readonly AcmeShimOptions Options = new()
    {
        Profiles = new Dictionary<string, string> { ["classic"] = "The usual 90 days", ["shortlived"] = "Six days" },
        PendingRetryAfter = TimeSpan.FromSeconds(2),
        RenewalInfoRetryAfter = TimeSpan.FromHours(6),
    };

    private AcmeShimProxy Proxy => bench.Proxy;

    [Fact]
    public async Task Directory_keeps_Pebbles_fields_adds_renewalInfo_and_profiles_and_points_at_the_proxy()
    {
        using var client = bench.Client();
        var directory = JsonNode.Parse(await client.GetStringAsync(Proxy.DirectoryUri))!.AsObject();

        var authority = Proxy.BaseUri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(authority + "/renewal-info", (string?)directory["renewalInfo"]);
        foreach (var name in new[] { "newNonce", "newAccount", "newOrder", "revokeCert", "keyChange" })
        {
            Assert.StartsWith(authority + "/", (string?)directory[name]);
        }

        Assert.Equal("Six days", (string?)directory["meta"]!["profiles"]!["shortlived"]);
        Assert.NotNull(directory["meta"]!["termsOfService"]);
        Assert.True(Proxy.CountOf(AcmeShimRequestKind.Directory) >= 1);
    }

    [Fact]
    public async Task Head_newNonce_through_the_proxy_returns_a_Replay_Nonce()
    {
        using var client = bench.Client();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Proxy.BaseUri, "/nonce-plz"));
        using var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("Replay-Nonce").Single()));
    }

    [Fact]
    public async Task RenewalInfo_for_an_unknown_certId_is_404_and_for_garbage_is_400()
    {
        using var client = bench.Client();
        using var unknown = await client.GetAsync(new Uri(Proxy.BaseUri, "/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
        using var garbage = await client.GetAsync(new Uri(Proxy.BaseUri, "/renewal-info/not-a-cert-id"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:ietf:params:acme:error:malformed", (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RenewalInfo_for_a_known_certificate_answers_its_window_and_SetRenewalWindow_moves_it()
    {
        using var leaf = TestCertificates.Leaf(RandomNumberGenerator.GetBytes(8), out _);
        var certId = Proxy.Remember(leaf);
        var lifetime = leaf.NotAfter - leaf.NotBefore;
        using var client = bench.Client();
        var before = Proxy.CountOf(AcmeShimRequestKind.RenewalInfo);

        var (window, retryAfter) = await GetRenewalInfoAsync(client, certId);
        Assert.Equal(TimeSpan.FromHours(6), retryAfter);
        Assert.Equal(new DateTimeOffset(leaf.NotAfter - (lifetime / 3)), DateTimeOffset.Parse((string)window["suggestedWindow"]!["start"]!), TimeSpan.FromSeconds(1));
        Assert.Equal(new DateTimeOffset(leaf.NotAfter - (lifetime / 6)), DateTimeOffset.Parse((string)window["suggestedWindow"]!["end"]!), TimeSpan.FromSeconds(1));
        Assert.Null(window["explanationURL"]);

        var drill = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Proxy.SetRenewalWindow(certId, drill, drill.AddHours(1), new Uri("https://ca.test/incident"));
        (window, _) = await GetRenewalInfoAsync(client, certId);
        Assert.Equal("2020-01-02T03:04:05Z", (string?)window["suggestedWindow"]!["start"]);
        Assert.Equal("2020-01-02T04:04:05Z", (string?)window["suggestedWindow"]!["end"]);
        Assert.Equal("https://ca.test/incident", (string?)window["explanationURL"]);
        Assert.Equal(before + 2, Proxy.CountOf(AcmeShimRequestKind.RenewalInfo));
    }

    [Fact]
    public async Task NewOrder_with_an_unknown_profile_is_rejected_without_reaching_Pebble()
    {
        using var acme = await MiniAcme.CreateAsync(bench.Client(), Proxy.DirectoryUri);
        var (response, problem) = await acme.NewOrderAsync("unknown.certsmith.test", profile: "no-such-profile", replaces: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:ietf:params:acme:error:invalidProfile", (string?)problem["type"]);
        Assert.True(response.Headers.Contains("Replay-Nonce"));
    }

    [Fact]
    public async Task An_issuance_through_the_proxy_carries_profile_RetryAfter_renewalInfo_and_replaces()
    {
        using var acme = await MiniAcme.CreateAsync(bench.Client(), Proxy.DirectoryUri);

        var (created, order) = await acme.NewOrderAsync("issue.certsmith.test", profile: "shortlived", replaces: null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var orderUrl = created.Headers.Location!;
        Assert.StartsWith(Proxy.BaseUri.ToString(), orderUrl.ToString());
        Assert.Equal("shortlived", (string?)order["profile"]);
        Assert.Equal("pending", (string?)order["status"]);
        Assert.Equal(TimeSpan.FromSeconds(2), created.Headers.RetryAfter?.Delta);
        Assert.Equal("shortlived", Proxy.ProfileOf(orderUrl));

        var authzUrl = new Uri((string)order["authorizations"]![0]!);
        var (authzResponse, authz) = await acme.PostAsGetAsync(authzUrl);
        Assert.Equal(TimeSpan.FromSeconds(2), authzResponse.Headers.RetryAfter?.Delta);
        var challenge = authz["challenges"]!.AsArray().First(c => (string?)c!["type"] == "http-01")!;
        await acme.PostAsync(new Uri((string)challenge["url"]!), new JsonObject());
        await acme.PollAsync(authzUrl, "valid");

        var (_, refetched) = await acme.PostAsGetAsync(orderUrl);
        Assert.Equal("shortlived", (string?)refetched["profile"]);
        await acme.FinalizeAsync(new Uri((string)order["finalize"]!), "issue.certsmith.test");
        var (validResponse, valid) = await acme.PollAsync(orderUrl, "valid");
        Assert.Null(validResponse.Headers.RetryAfter);
        var (_, chain) = await acme.PostAsGetRawAsync(new Uri((string)valid["certificate"]!));

        using var leaf = X509Certificate2.CreateFromPem(chain);
        var certId = AcmeCertId.Compute(leaf);
        using var client = bench.Client();
        var (window, _) = await GetRenewalInfoAsync(client, certId);
        Assert.NotNull(window["suggestedWindow"]);

        var (replacing, replacingOrder) = await acme.NewOrderAsync("issue.certsmith.test", profile: null, replaces: certId);
        Assert.Equal(HttpStatusCode.Created, replacing.StatusCode);
        Assert.Equal(certId, (string?)replacingOrder["replaces"]);
        Assert.Null(replacingOrder["profile"]);
        Assert.Equal(certId, Proxy.ReplacesOf(replacing.Headers.Location!));
        Assert.Contains(certId, Proxy.ReplacedCertIds);

        var (again, problem) = await acme.NewOrderAsync("issue.certsmith.test", profile: null, replaces: certId);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:ietf:params:acme:error:alreadyReplaced", (string?)problem["type"]);
    }

    private static async Task<(JsonObject Window, TimeSpan? RetryAfter)> GetRenewalInfoAsync(HttpClient client, string certId)
    {
        using var response = await client.GetAsync(new Uri(client.BaseAddress!, "/renewal-info/" + certId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>One Pebble and one proxy for the tests of this class.</summary>
    public sealed class Bench : IAsyncLifetime
    {
        private PebbleProcess? pebble;

        public AcmeShimProxy Proxy { get; private set; } = null!;

        public HttpClient Client() => new(Proxy.CreateClientHandler()) { BaseAddress = Proxy.BaseUri };

        public async Task InitializeAsync()
        {
            pebble = await PebbleProcess.StartAsync();
            Proxy = await AcmeShimProxy.StartAsync(pebble.BaseUri, pebble.Handler, Options, TimeProvider.System, CancellationToken.None);
        }

        public async Task DisposeAsync()
        {
            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }

            pebble?.Dispose();
        }
    }

    /// <summary>
    /// A Pebble of our own until the shared PebbleServer fixture lands: random loopback ports,
    /// a generated HTTPS certificate, every validation valid, no rejected nonces (the mini client
    /// does not retry). Killed on dispose.
    /// </summary>
    private sealed class PebbleProcess : IDisposable
    {
        private readonly Process process;
        private readonly string directory;

        private PebbleProcess(Process process, string directory, Uri baseUri, HttpMessageHandler handler)
        {
            this.process = process;
            this.directory = directory;
            BaseUri = baseUri;
            Handler = handler;
        }

        public Uri BaseUri { get; }

        /// <summary>Trusts exactly Pebble's generated HTTPS certificate.</summary>
        public HttpMessageHandler Handler { get; }

        public static async Task<PebbleProcess> StartAsync()
        {
            var directory = Directory.CreateTempSubdirectory("certsmith-shim-pebble-").FullName;
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());

            int listen = FreePort(), management = FreePort();
            var config = new JsonObject
            {
                ["pebble"] = new JsonObject
                {
                    ["listenAddress"] = $"127.0.0.1:{listen}",
                    ["managementListenAddress"] = $"127.0.0.1:{management}",
                    ["certificate"] = Path.Combine(directory, "cert.pem"),
                    ["privateKey"] = Path.Combine(directory, "key.pem"),
                    ["httpPort"] = FreePort(),
                    ["tlsPort"] = FreePort(),
                    ["ocspResponderURL"] = "",
                    ["externalAccountBindingRequired"] = false,
                },
            };
            var configPath = Path.Combine(directory, "pebble-config.json");
            File.WriteAllText(configPath, config.ToJsonString());

            var start = new ProcessStartInfo("pebble") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-config", configPath, "-dnsserver", "127.0.0.1:1" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PEBBLE_VA_NOSLEEP"] = "1";
            start.Environment["PEBBLE_VA_ALWAYS_VALID"] = "1";
            start.Environment["PEBBLE_WFE_NONCEREJECT"] = "0";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
            var handler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == thumbprint },
            };
            var pebble = new PebbleProcess(process, directory, new Uri($"https://127.0.0.1:{listen}/"), handler);
            try
            {
                await pebble.WaitUntilReadyAsync();
                return pebble;
            }
            catch
            {
                pebble.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }

            process.Dispose();
            Handler.Dispose();
            Directory.Delete(directory, recursive: true);
        }

        private async Task WaitUntilReadyAsync()
        {
            using var client = new HttpClient(Handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(BaseUri, "/dir"));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline && !process.HasExited)
                {
                }

                if (process.HasExited || DateTimeOffset.UtcNow >= deadline)
                {
                    throw new InvalidOperationException("Pebble did not start.");
                }

                await Task.Delay(50);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>Certificates with a chosen serial and an Authority Key Identifier, for certID checks.</summary>
file static class TestCertificates
{
    public static X509Certificate2 Leaf(byte[] serial, out byte[] keyIdentifier)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = new CertificateRequest("CN=Test issuer", issuerKey, HashAlgorithmName.SHA256);
        issuerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(issuerRequest.PublicKey, false);
        issuerRequest.CertificateExtensions.Add(subjectKeyIdentifier);
        var now = DateTimeOffset.UtcNow;
        using var issuer = issuerRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(100));
        keyIdentifier = subjectKeyIdentifier.SubjectKeyIdentifierBytes.ToArray();

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=leaf.certsmith.test", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return leafRequest.Create(issuer, now.AddMinutes(-5), now.AddDays(90), serial);
    }
}

/// <summary>
/// Just enough ACME (RFC 8555, ES256 JWS) to drive Pebble through the proxy while the real client is
/// being written; no retries, since the test Pebble rejects no nonces.
/// </summary>
file sealed class MiniAcme : IDisposable
{
    private readonly HttpClient client;
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JsonObject directory;
    private string nonce = "";
    private string? accountUrl;

    private MiniAcme(HttpClient client, JsonObject directory)
    {
        this.client = client;
        this.directory = directory;
    }

    public static async Task<MiniAcme> CreateAsync(HttpClient client, Uri directoryUri)
    {
        var directory = JsonNode.Parse(await client.GetStringAsync(directoryUri))!.AsObject();
        var acme = new MiniAcme(client, directory);
        using var head = new HttpRequestMessage(HttpMethod.Head, new Uri((string)directory["newNonce"]!));
        using var nonceResponse = await client.SendAsync(head);
        acme.nonce = nonceResponse.Headers.GetValues("Replay-Nonce").Single();
        var (account, _) = await acme.PostAsync(new Uri((string)directory["newAccount"]!), new JsonObject { ["termsOfServiceAgreed"] = true });
        Assert.Equal(HttpStatusCode.Created, account.StatusCode);
        acme.accountUrl = account.Headers.Location!.ToString();
        return acme;
    }

    public Task<(HttpResponseMessage Response, JsonObject Body)> NewOrderAsync(string name, string? profile, string? replaces)
    {
        var payload = new JsonObject { ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = name }) };
        if (profile is not null)
        {
            payload["profile"] = profile;
        }

        if (replaces is not null)
        {
            payload["replaces"] = replaces;
        }

        return PostAsync(new Uri((string)directory["newOrder"]!), payload);
    }

    public Task<(HttpResponseMessage Response, JsonObject Body)> PostAsGetAsync(Uri url) => PostAsync(url, null);

    public async Task<(HttpResponseMessage Response, string Body)> PostAsGetRawAsync(Uri url)
    {
        var response = await SendAsync(url, null);
        return (response, await response.Content.ReadAsStringAsync());
    }

    public async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(Uri url, JsonObject? payload)
    {
        var response = await SendAsync(url, payload);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    public async Task FinalizeAsync(Uri finalizeUrl, string name)
    {
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, certificateKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        var (response, body) = await PostAsync(finalizeUrl, new JsonObject { ["csr"] = Base64Url.EncodeToString(request.CreateSigningRequest()) });
        Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
        Assert.Equal((string?)body["status"] is "processing" or "pending", response.Headers.RetryAfter is not null);
    }

    public async Task<(HttpResponseMessage Response, JsonObject Body)> PollAsync(Uri url, string status)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (response, body) = await PostAsGetAsync(url);
            if ((string?)body["status"] == status || attempt == 100)
            {
                Assert.Equal(status, (string?)body["status"]);
                return (response, body);
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        key.Dispose();
        client.Dispose();
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, JsonObject? payload)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var header = new JsonObject { ["alg"] = "ES256", ["nonce"] = nonce, ["url"] = url.ToString() };
        if (accountUrl is null)
        {
            header["jwk"] = new JsonObject
            {
                ["crv"] = "P-256", ["kty"] = "EC",
                ["x"] = Base64Url.EncodeToString(parameters.Q.X), ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
            };
        }
        else
        {
            header["kid"] = accountUrl;
        }

        var protectedPart = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var payloadPart = payload is null ? "" : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart), HashAlgorithmName.SHA256);
        var jws = new JsonObject { ["protected"] = protectedPart, ["payload"] = payloadPart, ["signature"] = Base64Url.EncodeToString(signature) };

        using var content = new StringContent(jws.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/jose+json");
        var response = await client.PostAsync(url, content);
        if (response.Headers.TryGetValues("Replay-Nonce", out var nonces))
        {
            nonce = nonces.First();
        }

        return response;
    }
}
