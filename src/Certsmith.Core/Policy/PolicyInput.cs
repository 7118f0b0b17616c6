using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Policy;

/// <summary>Everything the policy looks at for one address, read from the store under the parent's lock.</summary>
/// <param name="Address">The address to decide for.</param>
/// <param name="CoveringCertificates">The tenant's certificates naming the address exactly or as <c>*.parent</c>.</param>
/// <param name="ChildrenOfParent">The tenant's live addresses one label below the address's parent, added up to this one (this one included).</param>
/// <param name="WildcardThreshold">The threshold in force for the tenant.</param>
/// <param name="MayHaveWildcard">Whether the tenant may have <c>*.parent</c> (hosted zone or verified CNAME; never above a delegated subdomain).</param>
/// <param name="Now">The moment of the decision.</param>
/// <param name="WildcardRefusal">Why the tenant may not have <c>*.parent</c>, for the decision's reason.</param>
public sealed record PolicyInput(
    SiteAddress Address,
    IReadOnlyList<CertificateRecord> CoveringCertificates,
    int ChildrenOfParent,
    int WildcardThreshold,
    Func<DnsName, bool> MayHaveWildcard,
    DateTimeOffset Now,
    string? WildcardRefusal = null);
