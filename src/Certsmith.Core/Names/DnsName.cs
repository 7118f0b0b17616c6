using System.Globalization;
using System.Net;

namespace Certsmith.Core.Names;

/// <summary>
/// A host name as the platform stores it: lower-case A-labels, no trailing dot, at most 253 characters,
/// labels of 1–63 letters, digits and inner hyphens (RFC 1035 §2.3.1, RFC 5890). Upper-case and Unicode
/// input is normalised (UTS #46 via <see cref="IdnMapping"/>); everything else is refused with the reason.
/// A wildcard (<c>*.example.org</c>) is a separate kind of value: see <see cref="IsWildcard"/>.
/// </summary>
public sealed record DnsName
{
    /// <summary>RFC 1035 §2.3.4 (255 octets on the wire = 253 characters in text).</summary>
    public const int MaxLength = 253;

    /// <summary>RFC 1035 §2.3.4.</summary>
    public const int MaxLabelLength = 63;

    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true, AllowUnassigned = false };

    private DnsName(string value) => Value = value;

    /// <summary>The normalised name.</summary>
    public string Value { get; }

    /// <summary>Whether this is a wildcard name (<c>*.parent</c>).</summary>
    public bool IsWildcard => Value.StartsWith("*.", StringComparison.Ordinal);

    /// <summary>The number of labels.</summary>
    public int LabelCount => Value.Count(c => c == '.') + 1;

    /// <summary>The name minus its first label (the name whose wildcard covers this one), or null for a single label.</summary>
    public DnsName? Parent
    {
        get
        {
            var dot = Value.IndexOf('.', StringComparison.Ordinal);
            return dot < 0 ? null : new DnsName(Value[(dot + 1)..]);
        }
    }

    /// <summary>The wildcard that covers this name's siblings: <c>*.parent</c>.</summary>
    public DnsName? WildcardOfParent => Parent is { } p ? new DnsName("*." + p.Value) : null;

    /// <summary>Parses a host name (not a wildcard, not an IP address); throws <see cref="InvalidDnsNameException"/> with the reason.</summary>
    public static DnsName Parse(string? input) => TryParse(input, out var name, out var error) ? name : throw new InvalidDnsNameException(input, error);

    /// <summary>Parses a host name or a <c>*.parent</c> wildcard; throws <see cref="InvalidDnsNameException"/> with the reason.</summary>
    public static DnsName ParseHostOrWildcard(string? input) =>
        input?.StartsWith("*.", StringComparison.Ordinal) == true ? ParseWildcard(input) : Parse(input);

    /// <summary>The host name whose <c>_acme-challenge</c> label proves this name: a wildcard's parent, else the name itself.</summary>
    public DnsName BaseName => IsWildcard ? Parent! : this;

    /// <summary>Parses a wildcard name <c>*.parent</c>; throws <see cref="InvalidDnsNameException"/> with the reason.</summary>
    public static DnsName ParseWildcard(string? input)
    {
        if (input is null || !input.StartsWith("*.", StringComparison.Ordinal))
        {
            throw new InvalidDnsNameException(input, "a wildcard name starts with \"*.\"");
        }
        var parent = Parse(input[2..]);
        if (parent.LabelCount < 2)
        {
            throw new InvalidDnsNameException(input, "a wildcard needs at least two labels after \"*.\"");
        }
        return new DnsName("*." + parent.Value);
    }

    /// <summary>Parses a host name; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? input, out DnsName name, out string error)
    {
        name = null!;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "the name is empty";
            return false;
        }
        if (input.Trim() != input)
        {
            error = "the name has leading or trailing spaces";
            return false;
        }
        if (input.EndsWith('.'))
        {
            error = "the name ends with a dot; give it without the trailing dot";
            return false;
        }
        if (input.Contains('*', StringComparison.Ordinal))
        {
            error = "a wildcard is not a host name";
            return false;
        }
        if (IPAddress.TryParse(input, out _) || (input.Contains(':', StringComparison.Ordinal)))
        {
            error = "an IP address is not a host name";
            return false;
        }
        string ascii;
        try
        {
            ascii = Idn.GetAscii(input).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            error = Describe(input);
            return false;
        }
        if (ascii.Length > MaxLength)
        {
            error = $"the name is {ascii.Length} characters long; at most {MaxLength} are allowed";
            return false;
        }
        foreach (var label in ascii.Split('.'))
        {
            if (label.Length == 0)
            {
                error = "the name has an empty label (two dots in a row)";
                return false;
            }
            if (label.Length > MaxLabelLength)
            {
                error = $"the label \"{label[..20]}…\" is {label.Length} characters long; at most {MaxLabelLength} are allowed";
                return false;
            }
        }
        if (!ascii.Contains('.', StringComparison.Ordinal))
        {
            error = "a host name has at least two labels (e.g. www.example.org)";
            return false;
        }
        if (ascii.Split('.')[^1].All(char.IsAsciiDigit))
        {
            error = "the last label is all digits, which no top-level domain is";
            return false;
        }
        name = new DnsName(ascii);
        error = "";
        return true;
    }

    /// <summary>Whether this name equals <paramref name="other"/> or lies below it.</summary>
    public bool IsAtOrBelow(DnsName other) =>
        Value == other.Value || Value.EndsWith("." + other.Value, StringComparison.Ordinal);

    /// <summary>Whether this certificate name covers <paramref name="host"/>: exactly, or as a one-label wildcard.</summary>
    public bool Covers(DnsName host) => IsWildcard ? host.Parent?.Value == Value[2..] : Value == host.Value;

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string Describe(string input)
    {
        foreach (var label in input.Split('.'))
        {
            if (label.Length == 0)
            {
                return "the name has an empty label (two dots in a row)";
            }
            if (label.StartsWith('-') || label.EndsWith('-'))
            {
                return $"the label \"{label}\" starts or ends with a hyphen";
            }
            var bad = label.FirstOrDefault(c => c < 128 && !(char.IsAsciiLetterOrDigit(c) || c == '-'));
            if (bad != default)
            {
                return $"the character '{bad}' is not allowed in a host name (letters, digits and inner hyphens only)";
            }
            if (label.Length > MaxLabelLength)
            {
                return $"a label is {label.Length} characters long; at most {MaxLabelLength} are allowed";
            }
        }
        return "the name is not a valid internationalised host name";
    }
}
