using System.Security.Cryptography;
using System.Text;

namespace Certsmith.Testing.Dns;

/// <summary>
/// A TSIG key (RFC 8945) that a <see cref="KnotServer"/> knows; zones name the keys that may update them.
/// <see cref="ToString"/> leaves the secret out, as the platform must.
/// </summary>
/// <param name="Name">The key name, a domain name such as <c>certsmith-key</c> (what the update's TSIG record names).</param>
/// <param name="Algorithm"><see cref="HmacSha256"/> or <see cref="HmacSha512"/>.</param>
/// <param name="Secret">The shared secret, base64.</param>
public sealed record KnotTsigKey(string Name, string Algorithm, string Secret)
{
    /// <summary>RFC 8945 §6: the mandatory algorithm.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>RFC 8945 §6.</summary>
    public const string HmacSha512 = "hmac-sha512";

    /// <summary>A key with a random secret as long as the algorithm's output (RFC 8945 §6.2 recommends at least that).</summary>
    public static KnotTsigKey Generate(string name, string algorithm = HmacSha256) =>
        new(name, algorithm, Convert.ToBase64String(RandomNumberGenerator.GetBytes(algorithm == HmacSha512 ? 64 : 32)));

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", Algorithm = ").Append(Algorithm).Append(", Secret = (hidden)");
        return true;
    }
}
