namespace Certsmith.Core.Platform;

/// <summary>Which networks site backends may be in (a platform setting, DESIGN.md "Site backends").</summary>
public sealed record BackendOptions
{
    /// <summary>Allowed networks in CIDR notation; by default every address (the platform's own listeners are always refused).</summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = ["0.0.0.0/0", "::/0"];

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate() =>
        AllowedNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)).Select(n => $"Backends:AllowedNetworks: \"{n}\" is not a CIDR network.").ToList();
}
