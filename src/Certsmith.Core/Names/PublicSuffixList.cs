namespace Certsmith.Core.Names;

/// <summary>
/// The Public Suffix List (publicsuffix.org), to find the registrable domain of a name (the unit Let's
/// Encrypt's per-domain limit counts) and to refuse public suffixes as tenant domains. Immutable and
/// thread-safe once loaded. Debian's <c>publicsuffix</c> package installs it at <see cref="DebianPath"/>.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Where Debian's <c>publicsuffix</c> package puts the list.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcards;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
    }

    /// <summary>Loads the list from a file (UTF-8, the publicsuffix.org format).</summary>
    public static PublicSuffixList Load(string path = DebianPath) => Parse(File.ReadLines(path));

    /// <summary>Parses the list's lines.</summary>
    public static PublicSuffixList Parse(IEnumerable<string> lines)
    {
        var (rules, wildcards, exceptions) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        var idn = new System.Globalization.IdnMapping();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            line = line.Split(' ', '\t')[0];
            var exception = line.StartsWith('!');
            var wildcard = line.StartsWith("*.", StringComparison.Ordinal);
            var rule = exception ? line[1..] : wildcard ? line[2..] : line;
            try
            {
                rule = idn.GetAscii(rule).ToLowerInvariant();
            }
            catch (ArgumentException)
            {
                continue;
            }
            (exception ? exceptions : wildcard ? wildcards : rules).Add(rule);
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>The public suffix of a name (the "*" default rule applies: at least the last label).</summary>
    public string PublicSuffix(DnsName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var labels = (name.IsWildcard ? name.Value[2..] : name.Value).Split('.');
        // The longest matching rule wins; an exception rule beats the wildcard it carves out of.
        for (var i = 0; i < labels.Length; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (_exceptions.Contains(candidate))
            {
                return string.Join('.', labels[(i + 1)..]);
            }
            if (_rules.Contains(candidate))
            {
                return candidate;
            }
            if (i + 1 < labels.Length && _wildcards.Contains(string.Join('.', labels[(i + 1)..])))
            {
                return candidate;
            }
        }
        return labels[^1];
    }

    /// <summary>Whether the name is itself a public suffix (e.g. <c>co.uk</c>, <c>github.io</c>).</summary>
    public bool IsPublicSuffix(DnsName name) => PublicSuffix(name) == name.Value;

    /// <summary>The registrable domain (public suffix plus one label), or null for a public suffix.</summary>
    public string? RegistrableDomain(DnsName name)
    {
        var suffix = PublicSuffix(name);
        var host = name.IsWildcard ? name.Value[2..] : name.Value;
        if (host == suffix)
        {
            return null;
        }
        var rest = host[..^(suffix.Length + 1)];
        var dot = rest.LastIndexOf('.');
        return (dot < 0 ? rest : rest[(dot + 1)..]) + "." + suffix;
    }
}
