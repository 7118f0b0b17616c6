using Certsmith.Core.Dns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Dns.Tests.Support;

/// <summary>
/// The platform's DNS as the writer meets it: a Knot primary and secondary serving a hosted zone, the platform's
/// challenge zone (CNAME target for external domains), a tenant's external zone that only the tenant's key may
/// update, and a zone whose updates are frozen (REFUSED). Tests share one instance and use unique names.
/// </summary>
public sealed class PlatformDns : IAsyncLifetime
{
    public const string Hosted = "hosted.test";
    public const string ChallengeZone = "challenges.platform.test";
    public const string Elsewhere = "elsewhere.test";
    public const string Frozen = "frozen.test";

    /// <summary>Generous for a loaded CI machine; an update normally reaches the secondary in milliseconds.</summary>
    public static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(10);

    private KnotServer? _knot;

    public KnotTsigKey PlatformKey { get; } = KnotTsigKey.Generate("certsmith-key");

    public KnotTsigKey Sha512Key { get; } = KnotTsigKey.Generate("certsmith-key-512", KnotTsigKey.HmacSha512);

    public KnotTsigKey TenantKey { get; } = KnotTsigKey.Generate("tenant-key");

    public KnotServer Knot => _knot ?? throw new InvalidOperationException("Not started.");

    public static KnotOptions ZonesFor(KnotTsigKey platformKey, KnotTsigKey sha512Key, KnotTsigKey tenantKey)
    {
        string[] platformKeys = [platformKey.Name, sha512Key.Name];
        return new KnotOptions
        {
            Keys = [platformKey, sha512Key, tenantKey],
            Zones =
            [
                new KnotZone(Hosted)
                {
                    UpdateKeys = platformKeys,
                    Records =
                    [
                        "* A 127.0.0.1",
                        "_acme-challenge.loop CNAME _acme-challenge.loop2.hosted.test.",
                        "_acme-challenge.loop2 CNAME _acme-challenge.loop.hosted.test.",
                        "_acme-challenge.long CNAME hop1.hosted.test.",
                        .. Enumerable.Range(1, 9).Select(i => $"hop{i} CNAME hop{i + 1}.hosted.test."),
                        "_certsmith TXT \"part one\" \" part two\"",
                    ],
                },
                new KnotZone(ChallengeZone) { UpdateKeys = platformKeys },
                new KnotZone(Elsewhere)
                {
                    UpdateKeys = [tenantKey.Name],
                    Records =
                    [
                        "www A 127.0.0.1",
                        "_acme-challenge.www CNAME abc.challenges.platform.test.",
                        "_certsmith TXT \"proof-token\"",
                    ],
                },
                new KnotZone(Frozen) { UpdateKeys = platformKeys },
            ],
        };
    }

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _knot = await KnotServer.StartAsync(ZonesFor(PlatformKey, Sha512Key, TenantKey), cts.Token);
        await _knot.FreezeUpdatesAsync(Frozen, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_knot is not null)
        {
            await _knot.DisposeAsync();
        }
    }

    /// <summary>Settings pointing at this Knot: updates to the primary, look-ups at the primary, both servers checked.</summary>
    public Rfc2136Options Options(KnotTsigKey? key = null) => OptionsFor(Knot, key ?? PlatformKey);

    public static Rfc2136Options OptionsFor(KnotServer knot, KnotTsigKey key) => new()
    {
        Primary = knot.Primary.ToString(),
        KeyName = key.Name,
        Algorithm = key.Algorithm,
        Secret = key.Secret,
        Resolver = knot.Primary.ToString(),
        AuthoritativeServers = knot.AuthoritativeServers,
        PropagationTimeout = PropagationTimeout,
        QueryTimeout = TimeSpan.FromSeconds(1),
    };

    public Rfc2136ChallengeWriter Writer(Rfc2136Options? options = null, ILogger<Rfc2136ChallengeWriter>? logger = null) =>
        new(options ?? Options(), TimeProvider.System, logger ?? NullLogger<Rfc2136ChallengeWriter>.Instance);

    /// <summary>A label no other test uses, so tests sharing the zones never see each other's records.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>The challenge target of a host in the hosted zone, without asking DNS.</summary>
    public static DnsChallengeTarget HostedTarget(string host) =>
        new($"_acme-challenge.{host}", $"_acme-challenge.{host}", Hosted);
}
