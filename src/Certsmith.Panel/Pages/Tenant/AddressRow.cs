using Certsmith.Core.Certificates;
using Certsmith.Core.Tenancy;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>An address on the site page and the certificate it uses.</summary>
/// <param name="Address">The address.</param>
/// <param name="InUse">The certificate served (or to be served) for it, or null.</param>
public sealed record AddressRow(SiteAddress Address, CertificateRecord? InUse);
