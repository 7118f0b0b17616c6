using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>Several nodes share one database: what one writes, the others read.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_second_node_on_the_same_database_sees_the_first_nodes_writes()
    {
        var tenant = await AddTenantAsync("acme");
        var domain = await AddDomainAsync(tenant, "example.org");
        var address = await AddAddressAsync(await AddSiteAsync(tenant, "shop"), "www.example.org");
        var certificate = await AddCertificateAsync(tenant, "www.example.org");
        await AssignAsync(address, certificate);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, certificate.Id, T0, Ct);
        await Store.Acme.PutChallengeAnswerAsync(new ChallengeAnswer("tok", "tok.thumb", T0.AddMinutes(5)), Ct);

        var other = OpenAnotherNode();
        await other.MigrateAsync(Ct);

        Assert.Equal(tenant, await other.Tenants.GetTenantAsync(tenant.Id, Ct));
        Assert.Equal(domain, await other.Domains.GetDomainAsync(domain.Id, Ct));
        Assert.Equal(address, await other.Sites.FindAddressAsync(DnsName.Parse("www.example.org"), Ct));
        Assert.Equal(certificate.Id, (await other.Certificates.GetAssignmentAsync(address.Id, Ct))?.CertificateId);
        Assert.Equal(await Store.Certificates.GetChangeStampAsync(Ct), await other.Certificates.GetChangeStampAsync(Ct));
        Assert.Equal("tok.thumb", (await other.Acme.GetChallengeAnswerAsync("tok", T0, Ct))?.KeyAuthorization);

        // And the other way round: the second node's lease and update are the first's to see.
        Assert.Single(await other.Queue.LeaseAsync("node-b", T0, TimeSpan.FromMinutes(1), 1, Ct));
        Assert.Empty(await Store.Queue.LeaseAsync("node-a", T0, TimeSpan.FromMinutes(1), 1, Ct));
        await other.Certificates.UpdateCertificateAsync(certificate with { State = CertificateState.Valid }, Ct);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Certificates.UpdateCertificateAsync(certificate with { State = CertificateState.Failed }, Ct));
        Assert.Equal(CertificateState.Valid, (await Store.Certificates.GetCertificateAsync(certificate.Id, Ct))?.State);
    }

    [Fact]
    public async Task Times_read_back_as_the_same_instant_whatever_their_offset()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var at = new DateTimeOffset(2025, 6, 30, 23, 59, 59, 999, TimeSpan.FromHours(-7));

        var address = await Store.Sites.AddAddressAsync(site.Id, tenant.Id, DnsName.Parse("www.example.org"), Guid.NewGuid(), at, Ct);

        var stored = await Store.Sites.GetAddressAsync(address.Id, Ct);
        Assert.Equal(at, stored?.CreatedAt);
        Assert.Equal(at.UtcTicks, stored?.CreatedAt.UtcTicks);
    }
}
