using System.Text.RegularExpressions;

namespace Certsmith.Testing.Dns;

/// <summary>How to run a <see cref="KnotServer"/>: its zones, its TSIG keys, and whether a secondary runs.</summary>
public sealed partial record KnotOptions
{
    /// <summary>The zones the primary serves (and the secondary transfers).</summary>
    public IReadOnlyList<KnotZone> Zones { get; init; } = [];

    /// <summary>The TSIG keys both servers know.</summary>
    public IReadOnlyList<KnotTsigKey> Keys { get; init; } = [];

    /// <summary>Whether a secondary transfers every zone from the primary (on by default, as on a real platform).</summary>
    public bool RunSecondary { get; init; } = true;

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Zones.Count == 0)
        {
            errors.Add($"{nameof(Zones)} must hold at least one zone.");
        }

        foreach (var zone in Zones)
        {
            if (!IsDomainName(zone.Name))
            {
                errors.Add($"Zone name '{zone.Name}' is not a domain name without a trailing dot.");
            }

            foreach (var key in zone.UpdateKeys.Where(k => Keys.All(known => known.Name != k)))
            {
                errors.Add($"Zone '{zone.Name}' lets key '{key}' update it, but {nameof(Keys)} has no such key.");
            }

            foreach (var line in zone.Records.Where(l => l.Contains('\n', StringComparison.Ordinal)))
            {
                errors.Add($"Zone '{zone.Name}' has a record with a line break: '{line}'.");
            }
        }

        foreach (var duplicate in Zones.GroupBy(z => z.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Zone '{duplicate.Key}' is listed more than once.");
        }

        foreach (var key in Keys)
        {
            if (!IsDomainName(key.Name))
            {
                errors.Add($"Key name '{key.Name}' is not a domain name without a trailing dot.");
            }

            if (key.Algorithm is not (KnotTsigKey.HmacSha256 or KnotTsigKey.HmacSha512))
            {
                errors.Add($"Key '{key.Name}' has algorithm '{key.Algorithm}'; use {KnotTsigKey.HmacSha256} or {KnotTsigKey.HmacSha512}.");
            }

            if (!IsBase64(key.Secret))
            {
                errors.Add($"Key '{key.Name}' has a secret that is not base64.");
            }
        }

        foreach (var duplicate in Keys.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"Key '{duplicate.Key}' is listed more than once.");
        }

        return errors;
    }

    /// <summary>Whether <paramref name="name"/> is a domain name without a trailing dot, as the bench's zone names are.</summary>
    internal static bool IsDomainName(string name) => DomainName().IsMatch(name);

    private static bool IsBase64(string secret)
    {
        var buffer = new byte[secret.Length];
        return secret.Length > 0 && Convert.TryFromBase64String(secret, buffer, out _);
    }

    /// <summary>Labels of letters, digits, hyphens and underscores, no trailing dot.</summary>
    [GeneratedRegex("^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$")]
    private static partial Regex DomainName();
}
