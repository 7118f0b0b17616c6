namespace Certsmith.Api.Contracts;

/// <summary>A certificate (never its key).</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Kind">"managed" or "custom".</param>
/// <param name="Names">The names it covers.</param>
/// <param name="State">"pending", "valid", "failed" or "retired".</param>
/// <param name="NotBefore">Validity start of the current certificate.</param>
/// <param name="NotAfter">Validity end of the current certificate.</param>
/// <param name="Issuer">The issuer's distinguished name.</param>
/// <param name="SerialNumber">The serial number, hex.</param>
/// <param name="LastError">Why the last attempt failed.</param>
/// <param name="NextAttemptAt">When it is tried again, or expected while pending.</param>
/// <param name="RenewAt">When the platform renews it (in the CA's ARI window, else at two thirds of its lifetime).</param>
/// <param name="CreatedAt">When the record was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="Requested">A wildcard the tenant asked for (kept while the request stands).</param>
/// <param name="Unobtainable">A wildcard that cannot be obtained for now: its addresses use certificates of their own meanwhile.</param>
public sealed record CertificateResponse(Guid Id, string Kind, IReadOnlyList<string> Names, string State, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, string? Issuer, string? SerialNumber, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? RenewAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, bool Requested, bool Unobtainable);
