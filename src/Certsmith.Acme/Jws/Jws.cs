using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Certsmith.Acme.Jws;

/// <summary>Builds flattened JWS JSON objects (RFC 7515 §7.2.2) as ACME wants them (RFC 8555 §6.2).</summary>
internal static class Jws
{
    /// <summary>
    /// A signed request body. <paramref name="kid"/> null means the key's JWK goes in the header
    /// (newAccount, revocation by certificate key, §6.2); <paramref name="nonce"/> null only for the
    /// inner JWS of a key change (§7.3.5). An empty payload is a POST-as-GET (§6.3).
    /// </summary>
    public static byte[] Sign(AcmeKey key, string? kid, string? nonce, Uri url, ReadOnlySpan<byte> payloadJson, bool postAsGet = false)
    {
        var protectedB64 = Base64Url.EncodeToString(ProtectedHeader(key, kid, nonce, url));
        var payloadB64 = postAsGet ? string.Empty : Base64Url.EncodeToString(payloadJson);
        var signingInput = Encoding.ASCII.GetBytes(string.Concat(protectedB64, ".", payloadB64));
        var signature = Base64Url.EncodeToString(key.Sign(signingInput));
        return Envelope(protectedB64, payloadB64, signature);
    }

    /// <summary>The external account binding JWS (RFC 8555 §7.3.4): the account JWK, MACed with the CA's key.</summary>
    public static byte[] ExternalAccountBinding(ExternalAccountBinding eab, AcmeKey accountKey, Uri newAccountUrl)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("alg", eab.Algorithm);
            w.WriteString("kid", eab.KeyId);
            w.WriteString("url", newAccountUrl.OriginalString);
            w.WriteEndObject();
        }
        var protectedB64 = Base64Url.EncodeToString(buffer.WrittenSpan);
        var payloadB64 = Base64Url.EncodeToString(accountKey.JwkJson);
        var signingInput = Encoding.ASCII.GetBytes(string.Concat(protectedB64, ".", payloadB64));
        var key = eab.DecodeKey();
        byte[] mac = eab.Algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, signingInput),
            "HS384" => HMACSHA384.HashData(key, signingInput),
            "HS512" => HMACSHA512.HashData(key, signingInput),
            _ => throw new ArgumentException($"Unsupported external account binding algorithm '{eab.Algorithm}'.", nameof(eab)),
        };
        CryptographicOperations.ZeroMemory(key);
        return Envelope(protectedB64, payloadB64, Base64Url.EncodeToString(mac));
    }

    private static byte[] ProtectedHeader(AcmeKey key, string? kid, string? nonce, Uri url)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("alg", key.Algorithm);
            if (kid is null)
            {
                w.WritePropertyName("jwk");
                w.WriteRawValue(key.JwkJson, skipInputValidation: true);
            }
            else
            {
                w.WriteString("kid", kid);
            }
            if (nonce is not null)
            {
                w.WriteString("nonce", nonce);
            }
            // §6.4: the url must be exactly the request URL; keep the CA's own spelling.
            w.WriteString("url", url.OriginalString);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Envelope(string protectedB64, string payloadB64, string signatureB64)
    {
        var buffer = new ArrayBufferWriter<byte>(protectedB64.Length + payloadB64.Length + signatureB64.Length + 64);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("protected", protectedB64);
            w.WriteString("payload", payloadB64);
            w.WriteString("signature", signatureB64);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
