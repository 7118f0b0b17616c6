using Certsmith.Core.Certificates;
using Certsmith.Core.Certificates.Custom;
using Certsmith.Core.Names;

namespace Certsmith.Core.Tests.Certificates;

/// <summary>Which certificates from other CAs the tenant is warned about: soon to expire, and not already replaced.</summary>
public sealed class CustomExpiryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid();

    [Fact]
    public void Soon_to_expire_ones_are_named_soonest_first_and_later_or_replaced_ones_are_not()
    {
        var inTen = Custom("shop.example.org", days: 10);
        var inTwo = Custom("blog.example.org", days: 2);
        var inSixty = Custom("api.example.org", days: 60);
        var replaced = Custom("www.example.org", days: 5);
        var replacement = Custom("www.example.org", days: 365, also: "example.org");
        var expired = Custom("old.example.org", days: -3);
        var managed = Custom("managed.example.org", days: 3) with { Kind = CertificateKind.Managed };
        var otherTenant = Custom("www.example.org", days: 400) with { TenantId = Guid.NewGuid() };
        var all = new[] { inTen, inTwo, inSixty, replaced, replacement, expired, managed, otherTenant };

        Assert.Equal([inTwo.Id, inTen.Id], CustomExpiry.Expiring(all, Now, TimeSpan.FromDays(30)).Select(c => c.Id));
        Assert.Equal([expired.Id, inTwo.Id, inTen.Id], CustomExpiry.Expiring(all, Now, TimeSpan.FromDays(30), andExpired: true).Select(c => c.Id));
    }

    [Fact]
    public void Another_tenants_newer_certificate_does_not_count_as_a_replacement()
    {
        var mine = Custom("www.example.org", days: 5);
        var theirs = Custom("www.example.org", days: 400) with { TenantId = Guid.NewGuid() };

        Assert.Equal([mine.Id], CustomExpiry.Expiring([mine, theirs], Now, TimeSpan.FromDays(30)).Select(c => c.Id));
    }

    private static CertificateRecord Custom(string name, int days, string? also = null) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = Tenant,
        Kind = CertificateKind.Custom,
        Names = also is null ? [DnsName.Parse(name)] : [DnsName.Parse(name), DnsName.Parse(also)],
        State = CertificateState.Valid,
        ChainPem = "-----BEGIN CERTIFICATE-----\n...",
        NotBefore = Now.AddDays(-30),
        NotAfter = Now.AddDays(days),
        CreatedAt = Now.AddDays(-30),
        UpdatedAt = Now.AddDays(-30),
    };
}
