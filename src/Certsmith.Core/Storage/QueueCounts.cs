namespace Certsmith.Core.Storage;

/// <summary>The size of the work queue at a moment.</summary>
/// <param name="Total">Items queued.</param>
/// <param name="Due">Of them, due now (waiting for a node, or being worked on).</param>
/// <param name="Leased">Of them, leased by a node right now.</param>
public sealed record QueueCounts(int Total, int Due, int Leased);
