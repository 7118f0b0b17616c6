namespace Certsmith.Api.Contracts;

/// <summary>The size of the issuance queue.</summary>
/// <param name="Total">Jobs queued (about one per certificate in use: a certificate's job is also its renewal timer).</param>
/// <param name="Due">Of them, due now.</param>
/// <param name="Leased">Of them, being worked on by a node.</param>
public sealed record QueueCountsResponse(int Total, int Due, int Leased);
