using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Challenges;

/// <summary>What to publish for HTTP-01 (RFC 8555 §8.3) and DNS-01 (§8.4).</summary>
public static class ChallengeResponses
{
    /// <summary>The path prefix HTTP-01 is served under.</summary>
    public const string Http01PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>The label DNS-01 TXT records go under.</summary>
    public const string Dns01Label = "_acme-challenge";

    /// <summary>The HTTP-01 path for a token: <c>/.well-known/acme-challenge/{token}</c>.</summary>
    public static string Http01Path(string token) => Http01PathPrefix + token;

    /// <summary>The DNS-01 TXT value: base64url(SHA-256(key authorization)).</summary>
    public static string Dns01TxtValue(string keyAuthorization) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));

    /// <summary>The DNS-01 record name for an identifier: <c>_acme-challenge.{name}</c>, also for a wildcard's base name.</summary>
    public static string Dns01RecordName(AcmeIdentifier identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var name = identifier.Value.StartsWith("*.", StringComparison.Ordinal) ? identifier.Value[2..] : identifier.Value;
        return $"{Dns01Label}.{name.TrimEnd('.')}";
    }
}
