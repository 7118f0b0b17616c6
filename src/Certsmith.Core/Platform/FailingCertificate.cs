using Certsmith.Core.Certificates;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>A certificate whose last attempt failed, with its tenant (the platform admin's failures view).</summary>
/// <param name="Certificate">The certificate: its <see cref="CertificateRecord.LastError"/> says why, <see cref="CertificateRecord.NextAttemptAt"/> when it is tried again.</param>
/// <param name="Tenant">Whose it is.</param>
public sealed record FailingCertificate(CertificateRecord Certificate, Tenant Tenant);
