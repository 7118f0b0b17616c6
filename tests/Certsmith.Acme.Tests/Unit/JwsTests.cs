using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Certsmith.Acme.Jws;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>The JWS shapes of RFC 8555 §6.2, §6.3, §7.3.4, verified with the public key.</summary>
public class JwsTests
{
    private static readonly Uri Url = new("https://ca.test/acme/new-order");

    private static (JsonElement Header, string Payload, bool Verified) Open(byte[] body, Func<byte[], byte[], bool> verify)
    {
        using var doc = JsonDocument.Parse(body);
        var protectedB64 = doc.RootElement.GetProperty("protected").GetString()!;
        var payloadB64 = doc.RootElement.GetProperty("payload").GetString()!;
        var signature = Base64Url.DecodeFromChars(doc.RootElement.GetProperty("signature").GetString()!);
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(protectedB64)).RootElement.Clone();
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(payloadB64));
        return (header, payload, verify(Encoding.ASCII.GetBytes($"{protectedB64}.{payloadB64}"), signature));
    }

    [Fact]
    public void A_request_signed_with_kid_carries_alg_kid_nonce_url_and_verifies()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var key = AcmeKey.FromKey(ec);

        var body = Jws.Jws.Sign(key, "https://ca.test/acct/1", "n0nce", Url, """{"x":1}"""u8);
        var (header, payload, verified) = Open(body, (data, sig) => ec.VerifyData(data, sig, HashAlgorithmName.SHA256));

        Assert.True(verified);
        Assert.Equal(["alg", "kid", "nonce", "url"], header.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal(Url.AbsoluteUri, header.GetProperty("url").GetString());
        Assert.Equal("""{"x":1}""", payload);
    }

    [Fact]
    public void A_request_signed_with_jwk_embeds_the_public_key_and_rs256_verifies()
    {
        using var rsa = RSA.Create(2048);
        using var key = AcmeKey.FromKey(rsa);

        var body = Jws.Jws.Sign(key, kid: null, "n0nce", Url, """{}"""u8);
        var (header, _, verified) = Open(body, (data, sig) => rsa.VerifyData(data, sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

        Assert.True(verified);
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal("RSA", header.GetProperty("jwk").GetProperty("kty").GetString());
        Assert.False(header.TryGetProperty("kid", out _));
    }

    [Fact]
    public void Post_as_get_has_an_empty_payload()
    {
        using var key = AcmeKey.CreateEs256();

        var body = Jws.Jws.Sign(key, "https://ca.test/acct/1", "n", Url, [], postAsGet: true);

        using var doc = JsonDocument.Parse(body);
        Assert.Equal("", doc.RootElement.GetProperty("payload").GetString());
    }

    [Fact]
    public void Es384_signatures_are_96_bytes_of_r_and_s()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var key = AcmeKey.FromKey(ec);

        var body = Jws.Jws.Sign(key, "k", "n", Url, "{}"u8);
        var (_, _, verified) = Open(body, (data, sig) => sig.Length == 96 && ec.VerifyData(data, sig, HashAlgorithmName.SHA384));

        Assert.True(verified);
    }

    [Fact]
    public void External_account_binding_macs_the_account_jwk_with_the_cas_key()
    {
        using var key = AcmeKey.CreateEs256();
        var macKey = RandomNumberGenerator.GetBytes(32);
        var binding = new ExternalAccountBinding("kid-7", Base64Url.EncodeToString(macKey));
        var newAccount = new Uri("https://ca.test/acme/new-account");

        var body = Jws.Jws.ExternalAccountBinding(binding, key, newAccount);
        var (header, payload, verified) = Open(body, (data, sig) => HMACSHA256.HashData(macKey, data).AsSpan().SequenceEqual(sig));

        Assert.True(verified);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("kid-7", header.GetProperty("kid").GetString());
        Assert.Equal(newAccount.AbsoluteUri, header.GetProperty("url").GetString());
        Assert.False(header.TryGetProperty("nonce", out _), "§7.3.4: the binding JWS carries no nonce");
        Assert.Equal(key.PublicJwk, payload);
    }

    [Fact]
    public void An_account_key_round_trips_through_pem_keeping_its_thumbprint()
    {
        using var rsa = AcmeKey.CreateRs256();
        using var again = AcmeKey.FromPem(rsa.ExportPrivateKeyPem());

        Assert.Equal(rsa.Thumbprint, again.Thumbprint);
        Assert.Throws<ArgumentException>(() => AcmeKey.FromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"));
    }
}
