using System.Text.RegularExpressions;
using ARSoft.Tools.Net;

namespace Certsmith.Dns.Internal;

/// <summary>Names as the writer handles them: lower case, no trailing dot; underscores allowed (RFC 8552 labels).</summary>
internal static partial class DnsNames
{
    /// <summary>RFC 8555 §8.4: the label the DNS-01 TXT record lives under.</summary>
    public const string ChallengeLabel = "_acme-challenge";

    /// <summary>RFC 2181 §11: any label is allowed; DNS-01 and TSIG names need letters, digits, hyphens and underscores.</summary>
    public static bool IsValid(string? name) => name is not null && ValidName().IsMatch(name.TrimEnd('.'));

    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    public static string Normalize(DomainName name) => Normalize(name.ToString());

    public static bool AreEqual(DomainName name, string normalized) => Normalize(name) == normalized;

    public static DomainName ToDomainName(string name) => DomainName.Parse(name);

    /// <summary>Whether <paramref name="name"/> is <paramref name="zone"/> or below it.</summary>
    public static bool IsInZone(string name, string zone) =>
        name == zone || name.EndsWith("." + zone, StringComparison.Ordinal) || zone.Length == 0;

    /// <summary>Labels of 1–63 letters, digits, hyphens and underscores; 253 characters at most.</summary>
    [GeneratedRegex("^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$")]
    private static partial Regex ValidName();
}
