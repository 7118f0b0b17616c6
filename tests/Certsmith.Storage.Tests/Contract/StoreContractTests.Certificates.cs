using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_certificate_reads_back_with_every_field_and_version_one()
    {
        var tenant = await AddTenantAsync("acme");
        var certificate = NewCertificate(tenant, "*.example.org", "example.org") with
        {
            Kind = CertificateKind.Custom,
            State = CertificateState.Valid,
            ChainPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ProtectedKey = [9, 8, 7, 0, 255],
            NotBefore = T0.AddHours(-1),
            NotAfter = T0.AddDays(90),
            Issuer = "CN=Pebble Intermediate CA",
            SerialNumber = "0a1b2c",
            AriCertificateId = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE",
            LastError = "rate limited",
            NextAttemptAt = T0.AddMinutes(30),
            FailureCount = 2,
            UpdatedAt = T0.AddSeconds(1),
            Version = 7,
            RenewAt = T0.AddDays(60),
            AriNextPollAt = T0.AddHours(6),
        };

        await Store.Certificates.AddCertificateAsync(certificate, Ct);
        var stored = await Store.Certificates.GetCertificateAsync(certificate.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(certificate.Names, stored.Names);
        Assert.True(stored.Names[0].IsWildcard);
        Assert.Equal(certificate.ProtectedKey, stored.ProtectedKey);
        Assert.Equal(certificate with { Version = 1, Names = stored.Names, ProtectedKey = stored.ProtectedKey }, stored);
        Assert.Null(await Store.Certificates.GetCertificateAsync(Guid.NewGuid(), Ct));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Certificates.AddCertificateAsync(certificate, Ct));
    }

    [Fact]
    public async Task Certificates_list_per_tenant_or_all()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var mine = await AddCertificateAsync(acme, "www.example.org");
        var theirs = await AddCertificateAsync(other, "www.example.net");

        Assert.Equal([mine.Id], (await Store.Certificates.ListCertificatesAsync(acme.Id, Ct)).Select(c => c.Id));
        Assert.Equal(new[] { mine.Id, theirs.Id }.Order(), (await Store.Certificates.ListCertificatesAsync(null, Ct)).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task An_update_against_the_version_read_succeeds_once_and_a_stale_one_conflicts()
    {
        var tenant = await AddTenantAsync("acme");
        var read = await AddCertificateAsync(tenant, "www.example.org");
        var readToo = await Store.Certificates.GetCertificateAsync(read.Id, Ct);

        var updated = await Store.Certificates.UpdateCertificateAsync(read with { State = CertificateState.Valid, ProtectedKey = [1], UpdatedAt = T0.AddMinutes(1) }, Ct);

        Assert.Equal(2, updated.Version);
        Assert.Equal(CertificateState.Valid, updated.State);
        var stale = readToo! with { State = CertificateState.Failed, LastError = "overwritten" };
        var refused = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Certificates.UpdateCertificateAsync(stale, Ct));
        Assert.NotEmpty(refused.Message);
        var stored = await Store.Certificates.GetCertificateAsync(read.Id, Ct);
        Assert.Equal((CertificateState.Valid, 2L, (string?)null), (stored!.State, stored.Version, stored.LastError));
        Assert.Equal([1], stored.ProtectedKey);

        var third = await Store.Certificates.UpdateCertificateAsync(updated with { FailureCount = 1 }, Ct);
        Assert.Equal(3, third.Version);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Certificates.UpdateCertificateAsync(NewCertificate(tenant, "x.example.org"), Ct));
    }

    [Fact]
    public async Task The_change_stamp_grows_with_every_certificate_and_assignment_change_only()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var www = await AddAddressAsync(site, "www.example.org");
        var stamps = new List<long> { await Store.Certificates.GetChangeStampAsync(Ct) };

        var single = await AddCertificateAsync(tenant, "www.example.org");
        stamps.Add(await Store.Certificates.GetChangeStampAsync(Ct));
        await Store.Certificates.UpdateCertificateAsync(single with { State = CertificateState.Valid }, Ct);
        stamps.Add(await Store.Certificates.GetChangeStampAsync(Ct));
        await AssignAsync(www, single);
        stamps.Add(await Store.Certificates.GetChangeStampAsync(Ct));
        var wildcard = await AddCertificateAsync(tenant, "*.example.org");
        await AssignAsync(www, wildcard, T0.AddMinutes(1));
        stamps.Add(await Store.Certificates.GetChangeStampAsync(Ct));

        Assert.Equal(stamps.Order(), stamps);
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(stamps[^1], await Store.Certificates.GetChangeStampAsync(Ct));
    }

    [Fact]
    public async Task Assigning_replaces_an_address_previous_assignment()
    {
        var tenant = await AddTenantAsync("acme");
        var site = await AddSiteAsync(tenant, "shop");
        var www = await AddAddressAsync(site, "www.example.org");
        var api = await AddAddressAsync(site, "api.example.org");
        var single = await AddCertificateAsync(tenant, "www.example.org");
        var wildcard = await AddCertificateAsync(tenant, "*.example.org");

        await AssignAsync(www, single);
        await AssignAsync(api, wildcard);
        Assert.Equal(new Assignment(www.Id, single.Id, "policy.single", T0), await Store.Certificates.GetAssignmentAsync(www.Id, Ct));

        var moved = new Assignment(www.Id, wildcard.Id, "policy.wildcard", T0.AddMinutes(5));
        await Store.Certificates.AssignAsync(moved, Ct);

        Assert.Equal(moved, await Store.Certificates.GetAssignmentAsync(www.Id, Ct));
        Assert.Empty(await Store.Certificates.ListAssignmentsAsync(single.Id, Ct));
        Assert.Equal(new[] { api.Id, www.Id }.Order(), (await Store.Certificates.ListAssignmentsAsync(wildcard.Id, Ct)).Select(a => a.AddressId).Order());
        Assert.Equal(2, (await Store.Certificates.ListAssignmentsAsync(null, Ct)).Count);
        Assert.Null(await Store.Certificates.GetAssignmentAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task An_address_is_never_assigned_another_tenants_certificate()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        var www = await AddAddressAsync(await AddSiteAsync(acme, "shop"), "www.example.org");
        var theirs = await AddCertificateAsync(other, "www.example.org");
        var stamp = await Store.Certificates.GetChangeStampAsync(Ct);

        await Assert.ThrowsAsync<StoreConflictException>(() => AssignAsync(www, theirs));

        Assert.Null(await Store.Certificates.GetAssignmentAsync(www.Id, Ct));
        Assert.Equal(stamp, await Store.Certificates.GetChangeStampAsync(Ct));
    }

    [Fact]
    public async Task Orders_are_upserted_listed_newest_first_and_the_open_one_is_the_newest_unfinished()
    {
        var tenant = await AddTenantAsync("acme");
        var certificate = await AddCertificateAsync(tenant, "www.example.org");
        Assert.Null(await Store.Certificates.GetOpenOrderAsync(certificate.Id, Ct));

        var failed = new OrderRecord(Guid.NewGuid(), certificate.Id, OrderStage.Failed, new Uri("https://ca.test/order/1"), "http-01", null, "timeout", T0, T0);
        var open = new OrderRecord(Guid.NewGuid(), certificate.Id, OrderStage.Created, null, "http-01", null, null, T0.AddMinutes(1), T0.AddMinutes(1));
        await Store.Certificates.SaveOrderAsync(failed, Ct);
        await Store.Certificates.SaveOrderAsync(open, Ct);
        Assert.Equal(open, await Store.Certificates.GetOpenOrderAsync(certificate.Id, Ct));

        var finalizing = open with { Stage = OrderStage.Finalizing, OrderUrl = new Uri("https://ca.test/order/2"), ProtectedKey = [5, 6], UpdatedAt = T0.AddMinutes(2) };
        await Store.Certificates.SaveOrderAsync(finalizing, Ct);
        var resumed = await Store.Certificates.GetOpenOrderAsync(certificate.Id, Ct);
        Assert.Equal(finalizing with { ProtectedKey = resumed?.ProtectedKey }, resumed);
        Assert.Equal([5, 6], resumed?.ProtectedKey);
        Assert.Equal([open.Id, failed.Id], (await Store.Certificates.ListOrdersAsync(certificate.Id, Ct)).Select(o => o.Id));

        await Store.Certificates.SaveOrderAsync(finalizing with { Stage = OrderStage.Completed, UpdatedAt = T0.AddMinutes(3) }, Ct);
        Assert.Null(await Store.Certificates.GetOpenOrderAsync(certificate.Id, Ct));
        Assert.Empty(await Store.Certificates.ListOrdersAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Failing_certificates_of_every_tenant_are_listed_the_soonest_next_attempt_first()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        async Task<CertificateRecord> WithAsync(Tenant tenant, string name, Func<CertificateRecord, CertificateRecord> change)
        {
            var added = await AddCertificateAsync(tenant, name);
            return await Store.Certificates.UpdateCertificateAsync(change(added), Ct);
        }
        var later = await WithAsync(acme, "later.example.org", c => c with { State = CertificateState.Failed, LastError = "refused", NextAttemptAt = T0.AddHours(2) });
        var sooner = await WithAsync(other, "sooner.example.net", c => c with { State = CertificateState.Failed, LastError = "refused", NextAttemptAt = T0.AddMinutes(5) });
        var waiting = await WithAsync(acme, "waiting.example.org", c => c with { LastError = "Waiting for the CA's rate limits", NextAttemptAt = T0.AddHours(1) });
        var unscheduled = await WithAsync(other, "unscheduled.example.net", c => c with { State = CertificateState.Failed, LastError = "refused", NextAttemptAt = null });
        await AddCertificateAsync(acme, "fine.example.org");
        // A renewal being retried: the old certificate still serves, so it stays valid, with the error.
        var renewing = await WithAsync(acme, "valid.example.org", c => c with { State = CertificateState.Valid, LastError = "renewal refused", NextAttemptAt = T0.AddMinutes(30) });
        await WithAsync(acme, "retired.example.org", c => c with { State = CertificateState.Retired, LastError = "refused", NextAttemptAt = T0 });
        // A CSR waiting for the tenant's CA is not the platform's failure.
        await WithAsync(acme, "csr.example.org", c => c with { Kind = CertificateKind.Custom, LastError = "Waiting for the certificate from your CA", NextAttemptAt = T0 });

        var failing = await Store.Certificates.ListFailingCertificatesAsync(Ct);

        Assert.Equal([sooner.Id, renewing.Id, waiting.Id, later.Id, unscheduled.Id], failing.Select(c => c.Id));
        Assert.Equal("refused", failing[0].LastError);
    }

    [Fact]
    public async Task Custom_certificates_are_listed_per_tenant_or_for_all_without_managed_or_retired_ones()
    {
        var acme = await AddTenantAsync("acme-custom");
        var other = await AddTenantAsync("other-custom");
        var mine = await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(acme, "shop.example.org")) with { Kind = CertificateKind.Custom }, Ct);
        var theirs = await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(other, "shop.example.net")) with { Kind = CertificateKind.Custom }, Ct);
        await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(acme, "old.example.org")) with { Kind = CertificateKind.Custom, State = CertificateState.Retired }, Ct);
        await AddCertificateAsync(acme, "managed.example.org");

        Assert.Equal([mine.Id], (await Store.Certificates.ListCustomCertificatesAsync(acme.Id, Ct)).Select(c => c.Id));
        Assert.Equal(new[] { mine.Id, theirs.Id }.Order(), (await Store.Certificates.ListCustomCertificatesAsync(null, Ct)).Select(c => c.Id).Order());
    }

    [Fact]
    public async Task A_tenants_certificates_are_read_a_page_at_a_time_and_counted_by_state()
    {
        var acme = await AddTenantAsync("acme-pages");
        var other = await AddTenantAsync("other-pages");
        var made = new List<CertificateRecord>();
        for (var i = 0; i < 5; i++)
        {
            var certificate = NewCertificate(acme, $"n{i}.example.org") with { CreatedAt = T0.AddMinutes(i) };
            await Store.Certificates.AddCertificateAsync(certificate, Ct);
            made.Add((await Store.Certificates.GetCertificateAsync(certificate.Id, Ct))!);
        }
        await Store.Certificates.UpdateCertificateAsync(made[4] with { State = CertificateState.Retired }, Ct);
        await Store.Certificates.UpdateCertificateAsync(made[3] with { State = CertificateState.Valid, NotAfter = T0.AddDays(60), LastError = "renewal refused" }, Ct);
        await Store.Certificates.UpdateCertificateAsync(made[2] with { State = CertificateState.Valid, NotAfter = T0.AddDays(-1) }, Ct);
        await Store.Certificates.UpdateCertificateAsync(made[1] with { State = CertificateState.Failed, LastError = "refused" }, Ct);
        await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(acme, "custom.example.org")) with { Kind = CertificateKind.Custom }, Ct);
        await AddCertificateAsync(other, "theirs.example.net");

        var first = await Store.Certificates.ListCertificatesPageAsync(acme.Id, CertificateKind.Managed, 0, 3, Ct);
        var second = await Store.Certificates.ListCertificatesPageAsync(acme.Id, CertificateKind.Managed, 3, 3, Ct);
        var counts = await Store.Certificates.CountCertificatesAsync(acme.Id, T0, Ct);

        // Not retired first, newest first among them; the retired one last.
        Assert.Equal([made[3].Id, made[2].Id, made[1].Id], first.Select(c => c.Id));
        Assert.Equal([made[0].Id, made[4].Id], second.Select(c => c.Id));
        Assert.Equal(new CertificateCounts(Managed: 4, Custom: 1, Valid: 1, Pending: 2, Failing: 2), counts);
    }

    [Fact]
    public async Task A_tenants_addresses_with_a_custom_certificate_attached_are_listed_alone()
    {
        var acme = await AddTenantAsync("acme-attached");
        var site = await AddSiteAsync(acme, "shop");
        var plain = await AddAddressAsync(site, "www.attached.example.org");
        var attached = await AddAddressAsync(site, "shop.attached.example.org");
        var custom = await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(acme, "shop.attached.example.org")) with { Kind = CertificateKind.Custom }, Ct);
        Assert.True(await Store.Sites.SetCustomCertificateAsync(attached.Id, custom.Id, Ct));
        var other = await AddTenantAsync("other-attached");
        var theirs = await AddAddressAsync(await AddSiteAsync(other, "shop"), "shop.attached.example.net");
        var theirCustom = await Store.Certificates.UpdateCertificateAsync((await AddCertificateAsync(other, "shop.attached.example.net")) with { Kind = CertificateKind.Custom }, Ct);
        Assert.True(await Store.Sites.SetCustomCertificateAsync(theirs.Id, theirCustom.Id, Ct));

        var listed = await Store.Sites.ListAttachedAddressesAsync(acme.Id, Ct);

        Assert.Equal([attached.Id], listed.Select(a => a.Id));
        Assert.Equal(custom.Id, listed[0].CustomCertificateId);
        Assert.DoesNotContain(plain.Id, listed.Select(a => a.Id));
    }
}
