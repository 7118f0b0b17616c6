namespace Certsmith.Api.Contracts;

/// <summary>One queued piece of work (the platform admin's queue view).</summary>
/// <param name="Id">The work item's id.</param>
/// <param name="Kind">What to do, e.g. "issue" (a managed certificate's first order, renewal or renewal-information look).</param>
/// <param name="SubjectId">What it is done to (the certificate's id).</param>
/// <param name="DueAt">Not before this moment.</param>
/// <param name="Attempts">How many leases it has had.</param>
/// <param name="LeaseOwner">The node working on it, while leased.</param>
/// <param name="LeaseUntil">When that lease lapses.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="Certificate">The certificate (never its key), or null when it is gone.</param>
/// <param name="TenantId">The certificate's tenant.</param>
/// <param name="TenantName">That tenant's name.</param>
public sealed record QueueEntryResponse(
    Guid Id, string Kind, Guid SubjectId, DateTimeOffset DueAt, int Attempts, string? LeaseOwner, DateTimeOffset? LeaseUntil, string? LastError,
    CertificateResponse? Certificate, Guid? TenantId, string? TenantName);
