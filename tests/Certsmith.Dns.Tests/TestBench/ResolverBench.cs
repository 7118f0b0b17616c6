namespace Certsmith.Dns.Tests.TestBench;

/// <summary>
/// A Knot primary (no secondary: Unbound asks one server) serving a tenant's zone whose challenge name is a CNAME into
/// the platform's challenge zone, and an Unbound resolving both zones at it. Tests share one instance and use unique
/// names.
/// </summary>
public sealed class ResolverBench : IAsyncLifetime
{
    public const string Elsewhere = "elsewhere.test";
    public const string ChallengeZone = "challenges.platform.test";

    public static readonly string[] Zones = [Elsewhere, ChallengeZone];

    private KnotServer? _knot;
    private UnboundServer? _unbound;

    public KnotServer Knot => _knot ?? throw new InvalidOperationException("Not started.");

    public UnboundServer Unbound => _unbound ?? throw new InvalidOperationException("Not started.");

    /// <summary>Both logs, for failure messages.</summary>
    public string Logs => $"Unbound:\n{_unbound?.Log}\nKnot:\n{_knot?.Log}";

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        _knot = await KnotServer.StartAsync(
            new KnotOptions
            {
                RunSecondary = false,
                Zones =
                [
                    new KnotZone(Elsewhere)
                    {
                        Records =
                        [
                            "_acme-challenge CNAME abc.challenges.platform.test.",
                            "_acme-challenge.away CNAME abc.example.com.",
                        ],
                    },
                    new KnotZone(ChallengeZone) { Records = ["abc TXT \"token-abc\""] },
                ],
            },
            cts.Token);
        _unbound = await UnboundServer.StartAsync(_knot.Primary, Zones, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_unbound is not null)
        {
            await _unbound.DisposeAsync();
        }

        if (_knot is not null)
        {
            await _knot.DisposeAsync();
        }
    }

    /// <summary>A label no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
