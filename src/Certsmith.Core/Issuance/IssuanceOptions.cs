namespace Certsmith.Core.Issuance;

/// <summary>How this node works the issuance queue.</summary>
public sealed record IssuanceOptions
{
    /// <summary>
    /// This node's name in queue leases: stable across restarts (so a restarted node takes back the work its
    /// killed predecessor leased) and unique among the nodes sharing a store (set Issuance:NodeId when several
    /// run on one machine).
    /// </summary>
    public string NodeId { get; init; } = Environment.MachineName;

    /// <summary>A lease lapses after this long without completion, handing the work to another node (an ACME order takes seconds).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The retry ladder (<see cref="Issuance.RetryLadder.Steps"/> unless a test shortens it).</summary>
    public IReadOnlyList<TimeSpan> RetryLadder { get; init; } = Issuance.RetryLadder.Steps;

    /// <summary>How often an idle node looks for due work (work enqueued on this node wakes it at once).</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
