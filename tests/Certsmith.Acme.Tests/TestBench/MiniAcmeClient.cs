using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Certsmith.Acme.Tests.TestBench;

/// <summary>
/// The least ACME (RFC 8555) that makes Pebble validate one challenge, so the bench's responders are
/// proven against the real CA. Test-only: no badNonce retry (run Pebble with NonceRejectPercent 0),
/// no finalization. Certsmith.Acme is the real client.
/// </summary>
internal sealed class MiniAcmeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly JsonObject _jwk;
    private JsonDocument? _directory;
    private string? _nonce;
    private string? _accountUrl;

    public MiniAcmeClient(HttpClient http)
    {
        _http = http;
        var parameters = _key.ExportParameters(false);
        _jwk = new JsonObject
        {
            ["crv"] = "P-256",
            ["kty"] = "EC",
            ["x"] = Base64Url.EncodeToString(parameters.Q.X),
            ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
        };

        // RFC 7638: members in lexicographic order, no whitespace — exactly how _jwk serializes.
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(_jwk.ToJsonString())));
    }

    public string Thumbprint { get; }

    /// <summary>RFC 8737 §3: SAN for the name, critical acmeIdentifier holding SHA-256 of the key authorization.</summary>
    public static X509Certificate2 CreateTlsAlpnCertificate(string name, string keyAuthorization)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization));
        byte[] octetString = [0x04, (byte)digest.Length, .. digest];
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.5.5.7.1.31", octetString, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    public async Task RegisterAsync(Uri directoryUri, CancellationToken cancellationToken)
    {
        _directory = JsonDocument.Parse(await _http.GetStringAsync(directoryUri, cancellationToken));
        using var response = await PostAsync(Directory("newAccount"), """{"termsOfServiceAgreed":true}""", cancellationToken);
        _accountUrl = response.Headers.Location!.ToString();
    }

    /// <summary>Orders <paramref name="name"/> and returns its authorization URL.</summary>
    public async Task<string> OrderAsync(string name, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["identifiers"] = new JsonArray(new JsonObject { ["type"] = "dns", ["value"] = name }),
        };
        using var response = await PostAsync(Directory("newOrder"), payload.ToJsonString(), cancellationToken);
        var order = await ReadAsync(response, cancellationToken);
        return order["authorizations"]![0]!.GetValue<string>();
    }

    public async Task<JsonNode> GetAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(url, string.Empty, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    public async Task RespondAsync(string challengeUrl, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(challengeUrl, "{}", cancellationToken);
    }

    public void Dispose() => _key.Dispose();

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;

    private string Directory(string name) => _directory!.RootElement.GetProperty(name).GetString()!;

    private async Task<HttpResponseMessage> PostAsync(string url, string payload, CancellationToken cancellationToken)
    {
        if (_nonce is null)
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, Directory("newNonce"));
            using var nonceResponse = await _http.SendAsync(head, cancellationToken);
            _nonce = nonceResponse.Headers.GetValues("Replay-Nonce").Single();
        }

        var header = new JsonObject { ["alg"] = "ES256", ["nonce"] = _nonce, ["url"] = url };
        if (_accountUrl is null)
        {
            header["jwk"] = _jwk.DeepClone();
        }
        else
        {
            header["kid"] = _accountUrl;
        }

        var protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var encodedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        var signature = _key.SignData(
            Encoding.ASCII.GetBytes($"{protectedHeader}.{encodedPayload}"),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var body = new JsonObject
        {
            ["protected"] = protectedHeader,
            ["payload"] = encodedPayload,
            ["signature"] = Base64Url.EncodeToString(signature),
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
        var response = await _http.PostAsync(url, content, cancellationToken);
        _nonce = response.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.Single() : null;
        if (!response.IsSuccessStatusCode)
        {
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"POST {url} answered {(int)response.StatusCode}: {problem}");
        }

        return response;
    }
}
