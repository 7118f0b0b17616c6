using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>What the wildcard rules keep: requests, unobtainable wildcards and who waits for them, delegations, DNS-01 records.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_wildcards_request_and_unobtainable_flag_read_back_and_update()
    {
        var acme = await AddTenantAsync("acme");
        var wildcard = NewCertificate(acme, "*.example.org") with { Requested = true };
        await Store.Certificates.AddCertificateAsync(wildcard, Ct);

        var stored = (await Store.Certificates.GetCertificateAsync(wildcard.Id, Ct))!;
        Assert.True(stored.Requested);
        Assert.False(stored.Unobtainable);
        Assert.True(stored.IsWildcard);

        var updated = await Store.Certificates.UpdateCertificateAsync(stored with { Requested = false, Unobtainable = true }, Ct);
        var again = (await Store.Certificates.GetCertificateAsync(wildcard.Id, Ct))!;
        Assert.False(again.Requested);
        Assert.True(again.Unobtainable);
        Assert.Equal(updated.Version, again.Version);
    }

    [Fact]
    public async Task Addresses_waiting_for_a_wildcard_are_listed_by_it_and_leave_the_list_when_reassigned()
    {
        var acme = await AddTenantAsync("acme");
        var site = await AddSiteAsync(acme, "site");
        var wildcard = await AddCertificateAsync(acme, "*.example.org");
        var a = await AddAddressAsync(site, "a.example.org");
        var b = await AddAddressAsync(site, "b.example.org");
        var ownA = await AddCertificateAsync(acme, "a.example.org");
        var ownB = await AddCertificateAsync(acme, "b.example.org");
        await Store.Certificates.AssignAsync(new Assignment(a.Id, ownA.Id, "stand-in", T0, wildcard.Id), Ct);
        await Store.Certificates.AssignAsync(new Assignment(b.Id, ownB.Id, "own", T0), Ct);

        var waiting = await Store.Certificates.ListWaitingAssignmentsAsync(wildcard.Id, Ct);
        Assert.Equal(a.Id, Assert.Single(waiting).AddressId);
        Assert.Equal(wildcard.Id, (await Store.Certificates.GetAssignmentAsync(a.Id, Ct))!.WaitingFor);
        Assert.Null((await Store.Certificates.GetAssignmentAsync(b.Id, Ct))!.WaitingFor);

        Assert.True(await Store.Certificates.IsUsedAsync(wildcard.Id, Ct));
        Assert.True(await Store.Certificates.IsUsedAsync(ownB.Id, Ct));

        await Store.Certificates.AssignAsync(new Assignment(a.Id, wildcard.Id, "wildcard issued", T0), Ct);
        Assert.Empty(await Store.Certificates.ListWaitingAssignmentsAsync(wildcard.Id, Ct));
        Assert.False(await Store.Certificates.IsUsedAsync(ownA.Id, Ct));
        Assert.True(await Store.Certificates.IsUsedAsync(wildcard.Id, Ct));
    }

    [Fact]
    public async Task Children_of_a_parent_are_listed_one_label_deep_for_the_tenant_only()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var site = await AddSiteAsync(acme, "site");
        var theirs = await AddSiteAsync(other, "site");
        foreach (var name in new[] { "b.example.org", "a.example.org", "x.a.example.org", "example.org" })
        {
            await AddAddressAsync(site, name);
        }
        await AddAddressAsync(theirs, "c.example.org");

        var children = await Store.Sites.ListChildrenAsync(acme.Id, DnsName.Parse("example.org"), Ct);

        Assert.Equal(["b.example.org", "a.example.org"], children.Select(c => c.Name.Value));
    }

    [Fact]
    public async Task A_domain_check_is_recorded_and_read_back()
    {
        var acme = await AddTenantAsync("acme");
        var domain = await AddDomainAsync(acme, "example.org", DomainState.Pending);

        Assert.True(await Store.Domains.RecordDomainCheckAsync(domain.Id, T0, "no TXT record at _certsmith.example.org", Ct));
        var stored = (await Store.Domains.GetDomainAsync(domain.Id, Ct))!;
        Assert.Equal(T0, stored.CheckedAt);
        Assert.Equal("no TXT record at _certsmith.example.org", stored.CheckError);

        Assert.True(await Store.Domains.RecordDomainCheckAsync(domain.Id, T0.AddMinutes(1), null, Ct));
        Assert.Null((await Store.Domains.GetDomainAsync(domain.Id, Ct))!.CheckError);
        Assert.False(await Store.Domains.RecordDomainCheckAsync(Guid.NewGuid(), T0, null, Ct));
    }

    [Fact]
    public async Task Delegations_are_one_per_tenant_and_parent_and_update_in_place()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var parent = DnsName.Parse("shop.example.org");
        var delegation = new ChallengeDelegation(Guid.NewGuid(), acme.Id, parent, "abc.challenges.platform.test", false, null, null, T0);
        await Store.Domains.SaveDelegationAsync(delegation, Ct);
        await Store.Domains.SaveDelegationAsync(delegation with { Verified = true, CheckedAt = T0.AddMinutes(1) }, Ct);

        var stored = (await Store.Domains.GetDelegationAsync(acme.Id, parent, Ct))!;
        Assert.True(stored.Verified);
        Assert.Equal(T0.AddMinutes(1), stored.CheckedAt);
        Assert.Equal("_acme-challenge.shop.example.org", stored.RecordName);
        Assert.Null(await Store.Domains.GetDelegationAsync(other.Id, parent, Ct));
        Assert.Single(await Store.Domains.ListDelegationsAsync(acme.Id, Ct));

        Assert.True(await Store.Domains.RemoveDelegationAsync(delegation.Id, Ct));
        Assert.Null(await Store.Domains.GetDelegationAsync(acme.Id, parent, Ct));
        Assert.False(await Store.Domains.RemoveDelegationAsync(delegation.Id, Ct));
    }

    [Fact]
    public async Task Dns_records_written_are_listed_once_expired_until_removed()
    {
        var fresh = new DnsChallengeRecord("_acme-challenge.a.example.org", "v1", "example.org", T0, T0.AddHours(1));
        var stale = new DnsChallengeRecord("_acme-challenge.b.example.org", "v2", "example.org", T0, T0.AddMinutes(5));
        await Store.Acme.PutDnsRecordAsync(fresh, Ct);
        await Store.Acme.PutDnsRecordAsync(stale, Ct);
        await Store.Acme.PutDnsRecordAsync(stale, Ct);

        Assert.Equal([stale], await Store.Acme.ListExpiredDnsRecordsAsync(T0.AddMinutes(10), Ct));
        Assert.Equal(2, (await Store.Acme.ListExpiredDnsRecordsAsync(T0.AddDays(1), Ct)).Count);

        await Store.Acme.RemoveDnsRecordAsync(stale.RecordName, stale.Value, Ct);
        await Store.Acme.RemoveDnsRecordAsync(stale.RecordName, stale.Value, Ct);
        Assert.Equal([fresh], await Store.Acme.ListExpiredDnsRecordsAsync(T0.AddDays(1), Ct));
    }
}
