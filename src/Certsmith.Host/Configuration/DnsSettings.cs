using Certsmith.Core.Names;
using Certsmith.Dns;

namespace Certsmith.Host.Configuration;

/// <summary>
/// Section "Dns": the platform's authoritative DNS for DNS-01 (wildcards, hosted zones) and domain proof. Unset
/// (no <see cref="Primary"/>): no DNS-01, so no wildcards. The TSIG secret is never logged nor returned.
/// </summary>
public sealed class DnsSettings
{
    /// <summary>The primary server that takes RFC 2136 updates, host:port (port 53 when left out).</summary>
    public string? Primary { get; set; }

    /// <summary>The TSIG key's name, as the DNS server knows it.</summary>
    public string? KeyName { get; set; }

    /// <summary>hmac-sha256 (default) or hmac-sha512.</summary>
    public string Algorithm { get; set; } = Rfc2136Defaults.Algorithm;

    /// <summary>The TSIG secret (base64). Prefer <see cref="SecretFile"/> outside tests.</summary>
    public string? Secret { get; set; }

    /// <summary>A file holding the TSIG secret (base64), readable by the platform only.</summary>
    public string? SecretFile { get; set; }

    /// <summary>The resolver used to find zones and follow CNAMEs, host:port; unset: /etc/resolv.conf.</summary>
    public string? Resolver { get; set; }

    /// <summary>The servers polled for propagation, host:port each; unset: each zone's NS, on port 53.</summary>
    public List<string> AuthoritativeServers { get; set; } = [];

    /// <summary>How long to wait for every authoritative server to answer a new TXT record.</summary>
    public TimeSpan PropagationTimeout { get; set; } = Rfc2136Defaults.PropagationTimeout;

    /// <summary>How often to ask them meanwhile.</summary>
    public TimeSpan PropagationPollInterval { get; set; } = Rfc2136Defaults.PropagationPollInterval;

    /// <summary>The zone external domains delegate <c>_acme-challenge</c> labels to by CNAME; unset: no wildcards for external domains.</summary>
    public string? ChallengeZone { get; set; }

    /// <summary>Whether DNS-01 is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Primary);

    /// <summary>The challenge zone, parsed (null when unset or invalid: <see cref="Validate"/> reports it).</summary>
    public DnsName? ChallengeZoneName => DnsName.TryParse(ChallengeZone, out var zone, out _) ? zone : null;

    /// <summary>The writer's options, with the secret read from <see cref="SecretFile"/> when given.</summary>
    public Rfc2136Options ToOptions() => new()
    {
        Primary = Primary ?? "",
        KeyName = KeyName ?? "",
        Algorithm = Algorithm,
        Secret = ReadSecret() ?? "",
        Resolver = string.IsNullOrWhiteSpace(Resolver) ? null : Resolver,
        AuthoritativeServers = AuthoritativeServers,
        PropagationTimeout = PropagationTimeout,
        PropagationPollInterval = PropagationPollInterval,
    };

    /// <summary>Every problem with these settings (never the secret).</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!IsConfigured)
        {
            return string.IsNullOrWhiteSpace(ChallengeZone) ? [] : ["Dns:ChallengeZone needs Dns:Primary (the server that takes the updates)."];
        }
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(SecretFile) && !File.Exists(SecretFile))
        {
            errors.Add($"Dns:SecretFile {SecretFile} does not exist.");
        }
        else
        {
            errors.AddRange(ToOptions().Validate().Select(e => "Dns:" + e));
        }
        if (!string.IsNullOrWhiteSpace(ChallengeZone) && ChallengeZoneName is null)
        {
            errors.Add($"Dns:ChallengeZone must be a DNS name, was '{ChallengeZone}'.");
        }
        return errors;
    }

    private string? ReadSecret() =>
        !string.IsNullOrWhiteSpace(SecretFile) && File.Exists(SecretFile) ? File.ReadAllText(SecretFile).Trim() : Secret;
}
