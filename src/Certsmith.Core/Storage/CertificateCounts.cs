namespace Certsmith.Core.Storage;

/// <summary>How many certificates a tenant has, by what a person asks first.</summary>
/// <param name="Managed">From the platform's CA, not retired.</param>
/// <param name="Custom">From other CAs, not retired.</param>
/// <param name="Valid">Valid and not expired (served).</param>
/// <param name="Pending">On their way.</param>
/// <param name="Failing">Managed ones whose last attempt failed (also a valid one whose renewal is being retried).</param>
public sealed record CertificateCounts(int Managed, int Custom, int Valid, int Pending, int Failing);
