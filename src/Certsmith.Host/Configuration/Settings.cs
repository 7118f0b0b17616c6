using Certsmith.Core.Platform;
using Certsmith.Edge;

namespace Certsmith.Host.Configuration;

/// <summary>All settings, read and validated together: every error is reported at once.</summary>
internal sealed record Settings(HostSettings Host, AcmeSettings Acme, EdgeOptions Edge, PlatformOptions Platform, BackendOptions Backends, Core.Issuance.IssuanceOptions Issuance, DnsSettings Dns)
{
    public static Settings Read(IConfiguration configuration)
    {
        var host = configuration.GetSection("Certsmith").Get<HostSettings>() ?? new HostSettings();
        var acme = configuration.GetSection("Acme").Get<AcmeSettings>() ?? new AcmeSettings();
        var edgeSettings = configuration.GetSection("Edge").Get<EdgeSettings>() ?? new EdgeSettings();
        var dns = configuration.GetSection("Dns").Get<DnsSettings>() ?? new DnsSettings();
        var platform = (configuration.GetSection("Platform").Get<PlatformOptions>() ?? new PlatformOptions()) with
        {
            ChallengeZone = dns.ChallengeZoneName,
            // The local run proves domains without DNS, unless it was given a DNS server to prove them with.
            MarkDomainsProvenWithoutDns = configuration.GetValue<bool>("Platform:MarkDomainsProvenWithoutDns") || (acme.IsLocal && !dns.IsConfigured),
        };
        var backends = configuration.GetSection("Backends").Get<BackendOptions>() ?? new BackendOptions();
        // Tests shorten the retry ladder (Issuance:RetryLadderSeconds); production keeps the written-down one.
        var ladder = configuration.GetSection("Issuance:RetryLadderSeconds").Get<double[]>();
        var issuance = ladder is { Length: > 0 } ? new Core.Issuance.IssuanceOptions { RetryLadder = ladder.Select(TimeSpan.FromSeconds).ToList() } : new Core.Issuance.IssuanceOptions();
        if (configuration["Issuance:NodeId"] is { Length: > 0 } nodeId)
        {
            issuance = issuance with { NodeId = nodeId };
        }
        var errors = new List<string>();
        errors.AddRange(host.Validate());
        errors.AddRange(acme.Validate());
        var edge = edgeSettings.ToOptions(errors);
        errors.AddRange(platform.Validate());
        errors.AddRange(backends.Validate());
        errors.AddRange(dns.Validate());
        if (acme.IsLocal && !System.Net.IPAddress.IsLoopback(edge.BindAddress))
        {
            errors.Add("The local Pebble run binds to loopback only: set Edge:BindAddress to 127.0.0.1, or configure Acme:DirectoryUrl.");
        }
        return errors.Count > 0 ? throw new InvalidOperationException("Invalid configuration: " + string.Join(" ", errors)) : new Settings(host, acme, edge, platform, backends, issuance, dns);
    }
}
