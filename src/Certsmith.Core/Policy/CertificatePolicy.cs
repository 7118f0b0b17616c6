using Certsmith.Core.Certificates;

namespace Certsmith.Core.Policy;

/// <summary>
/// The rules of DESIGN.md, "What to order when an address appears", as a pure function of the stored
/// state, so that a start-up reconcile and a live addition decide the same way.
/// </summary>
public static class CertificatePolicy
{
    /// <summary>Decides for one address.</summary>
    public static PolicyDecision Decide(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Address.Name;

        // 1. A valid or in-flight managed certificate of the same tenant covers it: reuse, order nothing.
        //    Exact names before wildcards, then the one that lives longest.
        //    A wildcard that cannot be obtained for now does not count: the address gets a stand-in (below).
        var mine = input.CoveringCertificates
            .Where(c => c.Kind == CertificateKind.Managed && c.TenantId == input.Address.TenantId && c.Covers(name))
            .ToList();
        var covering = mine
            .Where(c => !(c.IsWildcard && c.Unobtainable))
            .Where(c => c.State is CertificateState.Pending or CertificateState.Failed || (c.State == CertificateState.Valid && c.NotAfter > input.Now))
            .OrderBy(c => c.Names.Any(n => n == name) ? 0 : 1)
            .ThenByDescending(c => c.NotAfter ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();
        var stuck = mine.FirstOrDefault(c => c.IsWildcard && c.Unobtainable && c.State != CertificateState.Retired);
        if (covering is not null)
        {
            var what = covering.State == CertificateState.Valid ? "valid" : "already being obtained";
            return new PolicyDecision(PolicyDecisionKind.AssignExisting, covering.Id, covering.Names,
                $"certificate for {string.Join(", ", covering.Names)} is {what} and covers {name}")
            {
                // A stand-in reused while the wildcard cannot be obtained still moves to it once it is issued.
                WaitingFor = covering.IsWildcard ? null : stuck?.Id,
            };
        }

        // The parent's wildcard exists but cannot be obtained for now: a certificate of its own meanwhile, and the
        // address moves to the wildcard once it is issued (DESIGN.md: addresses waiting for it get single names).
        if (stuck is not null)
        {
            return new PolicyDecision(PolicyDecisionKind.OrderSingle, null, [name],
                $"{stuck.Names[0]} cannot be obtained for now ({stuck.LastError ?? "it keeps failing"}): a certificate of its own for {name} meanwhile")
            {
                WaitingFor = stuck.Id,
            };
        }

        // 2. Enough live children of the parent, and the tenant may have the wildcard: order *.parent.
        var children = input.ChildrenOfParent;
        string? notWildcard = null;
        if (name.Parent is { LabelCount: >= 2 } parent && name.WildcardOfParent is { } wildcard && children >= input.WildcardThreshold)
        {
            if (input.MayHaveWildcard(parent))
            {
                return new PolicyDecision(PolicyDecisionKind.OrderWildcard, null, [wildcard],
                    $"wildcard: {Ordinal(children)} address under {parent} (threshold {input.WildcardThreshold})");
            }
            notWildcard = $" ({Ordinal(children)} address under {parent}, but no wildcard: {input.WildcardRefusal ?? "the tenant may not have it"})";
        }

        // 3. Otherwise a certificate for this name alone.
        return new PolicyDecision(PolicyDecisionKind.OrderSingle, null, [name], $"new address {name}: a certificate of its own{notWildcard}");
    }

    /// <summary>1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.</summary>
    public static string Ordinal(int n)
    {
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return n.ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix;
    }
}
