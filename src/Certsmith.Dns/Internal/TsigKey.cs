using System.Security.Cryptography;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>Signs messages with one TSIG key (RFC 8945). Holds the secret; <see cref="ToString"/> gives only the name.</summary>
internal sealed class TsigKey
{
    /// <summary>RFC 8945 §10: 300 s of clock difference is recommended.</summary>
    private static readonly TimeSpan Fudge = TimeSpan.FromSeconds(300);

    private readonly DomainName _name;
    private readonly TSigAlgorithm _algorithm;
    private readonly byte[] _secret;

    public TsigKey(string name, string algorithm, string secret)
    {
        Name = DnsNames.Normalize(name);
        _name = DnsNames.ToDomainName(Name);
        _algorithm = algorithm switch
        {
            Rfc2136Defaults.HmacSha256 => TSigAlgorithm.Sha256,
            Rfc2136Defaults.HmacSha512 => TSigAlgorithm.Sha512,
            _ => throw new ArgumentException($"Unsupported TSIG algorithm '{algorithm}'.", nameof(algorithm)),
        };
        _secret = Convert.FromBase64String(secret);
    }

    /// <summary>The key's name, for messages and logs.</summary>
    public string Name { get; }

    public static bool IsSupported(string? algorithm) => algorithm is Rfc2136Defaults.HmacSha256 or Rfc2136Defaults.HmacSha512;

    public static bool IsSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret, buffer, out var length) && length > 0;
    }

    /// <summary>
    /// Gives <paramref name="message"/> a random id and a TSIG record over it. ARSoft signs when it encodes; the
    /// time is UTC seconds (it ignores <see cref="DateTime.Kind"/>).
    /// </summary>
    public void Sign(DnsMessageBase message, DateTimeOffset now)
    {
        message.TransactionID = (ushort)RandomNumberGenerator.GetInt32(1, ushort.MaxValue + 1);
        message.TSigOptions = new TSigRecord(_name, _algorithm, now.UtcDateTime, Fudge, message.TransactionID, ReturnCode.NoError, null, _secret);
    }

    public override string ToString() => Name;
}
