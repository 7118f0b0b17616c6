using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Policy;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Tests.Policy;

/// <summary>DESIGN.md, "What to order when an address appears", rule by rule.</summary>
public class CertificatePolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid TenantA = Guid.NewGuid();
    private static readonly Guid TenantB = Guid.NewGuid();
    private long _sequence;

    private SiteAddress Address(string name, Guid? tenant = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), tenant ?? TenantA, DnsName.Parse(name), ++_sequence, Now);

    private static CertificateRecord Certificate(string name, CertificateState state, Guid? tenant = null, DateTimeOffset? notAfter = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant ?? TenantA,
        Kind = CertificateKind.Managed,
        Names = [name.StartsWith('*') ? DnsName.ParseWildcard(name) : DnsName.Parse(name)],
        State = state,
        NotAfter = notAfter,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    /// <summary>Gives the policy what the store gives it: the certificates naming the address or its wildcard, and the count of its tenant's siblings.</summary>
    private static PolicyDecision Decide(SiteAddress address, IReadOnlyList<CertificateRecord> certificates, IReadOnlyList<SiteAddress>? addresses = null, bool mayHaveWildcard = false, int threshold = 20)
    {
        var covering = certificates.Where(c => c.TenantId == address.TenantId && c.Names.Any(n => n == address.Name || n == address.Name.WildcardOfParent)).ToList();
        var children = (addresses ?? [address]).Count(a => a.TenantId == address.TenantId && a.Name.Parent == address.Name.Parent && a.Sequence <= address.Sequence);
        return CertificatePolicy.Decide(new PolicyInput(address, covering, children, threshold, _ => mayHaveWildcard, Now, mayHaveWildcard ? null : "example.org is not a hosted zone"));
    }

    [Fact]
    public void A_new_address_gets_a_certificate_of_its_own()
    {
        var decision = Decide(Address("www.example.org"), []);

        Assert.Equal(PolicyDecisionKind.OrderSingle, decision.Kind);
        Assert.Equal(["www.example.org"], decision.Names.Select(n => n.Value));
    }

    [Theory]
    [InlineData(CertificateState.Valid)]
    [InlineData(CertificateState.Pending)]
    [InlineData(CertificateState.Failed)]
    public void A_valid_or_in_flight_certificate_of_the_tenant_covering_it_is_reused(CertificateState state)
    {
        var existing = Certificate("*.example.org", state, notAfter: Now.AddDays(30));

        var decision = Decide(Address("shop.example.org"), [existing]);

        Assert.Equal(PolicyDecisionKind.AssignExisting, decision.Kind);
        Assert.Equal(existing.Id, decision.ExistingCertificateId);
    }

    [Fact]
    public void An_expired_or_retired_certificate_is_not_reused()
    {
        var expired = Certificate("www.example.org", CertificateState.Valid, notAfter: Now.AddDays(-1));
        var retired = Certificate("www.example.org", CertificateState.Retired);

        Assert.Equal(PolicyDecisionKind.OrderSingle, Decide(Address("www.example.org"), [expired, retired]).Kind);
    }

    [Fact]
    public void Another_tenants_certificate_is_never_reused()
    {
        var theirs = Certificate("*.example.org", CertificateState.Valid, TenantB, Now.AddDays(30));

        Assert.Equal(PolicyDecisionKind.OrderSingle, Decide(Address("shop.example.org"), [theirs]).Kind);
    }

    [Fact]
    public void An_exact_certificate_is_preferred_over_a_wildcard()
    {
        var wildcard = Certificate("*.example.org", CertificateState.Valid, notAfter: Now.AddDays(80));
        var exact = Certificate("shop.example.org", CertificateState.Valid, notAfter: Now.AddDays(10));

        Assert.Equal(exact.Id, Decide(Address("shop.example.org"), [wildcard, exact]).ExistingCertificateId);
    }

    [Fact]
    public void The_threshold_th_child_orders_the_wildcard_when_the_tenant_may_have_it()
    {
        var addresses = Enumerable.Range(1, 20).Select(i => Address($"s{i}.example.org")).ToList();

        var at19 = Decide(addresses[18], [], addresses.Take(19).ToList(), mayHaveWildcard: true);
        var at20 = Decide(addresses[19], [], addresses, mayHaveWildcard: true);

        Assert.Equal(PolicyDecisionKind.OrderSingle, at19.Kind);
        Assert.Equal(PolicyDecisionKind.OrderWildcard, at20.Kind);
        Assert.Equal(["*.example.org"], at20.Names.Select(n => n.Value));
        Assert.Equal("wildcard: 20th address under example.org (threshold 20)", at20.Reason);
    }

    [Fact]
    public void No_wildcard_where_the_tenant_may_not_have_it()
    {
        var addresses = Enumerable.Range(1, 25).Select(i => Address($"s{i}.example.org")).ToList();

        Assert.Equal(PolicyDecisionKind.OrderSingle, Decide(addresses[^1], [], addresses, mayHaveWildcard: false).Kind);
    }

    [Fact]
    public void Only_the_tenants_own_children_count_toward_the_threshold()
    {
        var others = Enumerable.Range(1, 25).Select(i => Address($"o{i}.example.org", TenantB)).ToList();
        var mine = Address("mine.example.org");

        Assert.Equal(PolicyDecisionKind.OrderSingle, Decide(mine, [], [.. others, mine], mayHaveWildcard: true).Kind);
    }

    [Fact]
    public void A_lower_tenant_threshold_applies()
    {
        var addresses = Enumerable.Range(1, 3).Select(i => Address($"s{i}.example.org")).ToList();

        Assert.Equal(PolicyDecisionKind.OrderWildcard, Decide(addresses[2], [], addresses, mayHaveWildcard: true, threshold: 3).Kind);
    }

    [Fact]
    public void A_refused_wildcard_says_why_in_the_single_names_reason()
    {
        var addresses = Enumerable.Range(1, 21).Select(i => Address($"s{i}.example.org")).ToList();

        var decision = Decide(addresses[^1], [], addresses, mayHaveWildcard: false);

        Assert.Equal(PolicyDecisionKind.OrderSingle, decision.Kind);
        Assert.Equal("new address s21.example.org: a certificate of its own (21st address under example.org, but no wildcard: example.org is not a hosted zone)", decision.Reason);
    }

    [Fact]
    public void An_unobtainable_wildcard_is_not_reused_and_the_address_gets_a_stand_in_waiting_for_it()
    {
        var stuck = Certificate("*.example.org", CertificateState.Failed) with { Unobtainable = true, LastError = "DNS-01: refused" };
        var addresses = Enumerable.Range(1, 25).Select(i => Address($"s{i}.example.org")).ToList();

        var decision = Decide(addresses[^1], [stuck], addresses, mayHaveWildcard: true);

        Assert.Equal(PolicyDecisionKind.OrderSingle, decision.Kind);
        Assert.Equal(["s25.example.org"], decision.Names.Select(n => n.Value));
        Assert.Equal(stuck.Id, decision.WaitingFor);
        Assert.Contains("*.example.org cannot be obtained for now (DNS-01: refused)", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stand_in_that_already_covers_the_name_is_reused_before_waiting()
    {
        var stuck = Certificate("*.example.org", CertificateState.Failed) with { Unobtainable = true };
        var own = Certificate("s1.example.org", CertificateState.Valid, notAfter: Now.AddDays(60));

        var decision = Decide(Address("s1.example.org"), [stuck, own], mayHaveWildcard: true);

        Assert.Equal(PolicyDecisionKind.AssignExisting, decision.Kind);
        Assert.Equal(own.Id, decision.ExistingCertificateId);
        Assert.Equal(stuck.Id, decision.WaitingFor);
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("a.b.example.org")]
    public void A_wildcard_covers_one_label_only(string name)
    {
        var wildcard = Certificate("*.example.org", CertificateState.Valid, notAfter: Now.AddDays(60));

        var decision = CertificatePolicy.Decide(new PolicyInput(Address(name), [wildcard], 1, 20, _ => true, Now));

        Assert.Equal(PolicyDecisionKind.OrderSingle, decision.Kind);
    }

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(20, "20th")]
    [InlineData(21, "21st")]
    [InlineData(112, "112th")]
    public void Ordinals_read_as_english(int n, string expected) => Assert.Equal(expected, CertificatePolicy.Ordinal(n));
}
