using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Certsmith.Core.Certificates;
using Certsmith.Core.Issuance;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Api.Tests;

/// <summary>
/// The platform admin's operations views (queue, budgets, failures) and a tenant's "check again", with real data put
/// where the issuance processor would put it (the store), since this host runs none.
/// </summary>
public sealed class OperationsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private ICertsmithStore Store => fixture.Host.Store;

    [Fact]
    public async Task The_queue_lists_every_work_item_with_its_certificate_and_tenant()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        var gone = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, gone, DateTimeOffset.UtcNow.AddDays(1), Ct);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var queue = (await admin.GetAsync("/api/v1/admin/queue").ExpectAsync(HttpStatusCode.OK)).AsArray();

        var entry = Assert.Single(queue, e => (string?)e!["subjectId"] == (string?)address["certificateId"])!;
        Assert.Equal("issue", (string?)entry["kind"]);
        Assert.Equal("www." + name, (string?)entry["certificate"]!["names"]![0]);
        Assert.Equal("pending", (string?)entry["certificate"]!["state"]);
        Assert.Equal(tenant.TenantId, (string?)entry["tenantId"]);
        Assert.StartsWith("tenant ", (string?)entry["tenantName"], StringComparison.Ordinal);
        var orphan = Assert.Single(queue, e => (string?)e!["subjectId"] == gone.ToString())!;
        Assert.Null(orphan["certificate"]);
        Assert.Null(orphan["tenantName"]);
        // The earliest due first.
        var due = queue.Select(e => DateTimeOffset.Parse((string)e!["dueAt"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(due.Order(), due);
    }

    [Fact]
    public async Task The_budgets_show_what_counts_against_each_limit_and_the_cas_holds_first()
    {
        var registered = TenantSession.NewDomainName();
        var held = TenantSession.NewDomainName();
        var ca = ApiHost.RateLimitedCa.IdnHost;
        var now = DateTimeOffset.UtcNow;
        await Store.Budgets.AddChargeAsync($"{ca} domain {registered}", now.AddHours(-2), Ct);
        await Store.Budgets.AddChargeAsync($"{ca} domain {registered}", now.AddHours(-1), Ct);
        await Store.Budgets.HoldAsync(new BudgetHold($"{ca} domain {held}", now.AddHours(5), "the CA's rate limit: too many certificates"), Ct);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var budgets = (await admin.GetAsync("/api/v1/admin/budgets").ExpectAsync(HttpStatusCode.OK)).AsArray();

        var first = budgets[0]!;
        Assert.Equal($"{ca} domain {held}", (string?)first["scope"]);
        Assert.Equal("the CA's rate limit: too many certificates", (string?)first["holdReason"]);
        Assert.Equal(0, (int)first["used"]!);
        Assert.NotNull((string?)first["heldUntil"]);
        var counted = Assert.Single(budgets, b => (string?)b!["scope"] == $"{ca} domain {registered}")!;
        Assert.Equal($"50 new certificates per 7 days for {registered}", (string?)counted["description"]);
        Assert.Equal((2, 50, 7 * 24 * 3600L), ((int)counted["used"]!, (int)counted["limit"]!, (long)counted["windowSeconds"]!));
        var freesAt = DateTimeOffset.Parse((string)counted["freesAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(now.AddHours(-2).AddDays(7).ToUnixTimeMilliseconds(), freesAt.ToUnixTimeMilliseconds());
        Assert.Null(counted["heldUntil"]);
    }

    [Fact]
    public async Task The_failures_list_failed_and_erring_pending_certificates_of_every_tenant_without_key_material()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var now = DateTimeOffset.UtcNow;
        var failed = await AddCertificateAsync(a, CertificateKind.Managed, CertificateState.Failed, c => c with
        {
            LastError = "The CA refused: the name does not resolve",
            NextAttemptAt = now.AddMinutes(5),
            ChainPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ProtectedKey = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----"),
        });
        var waiting = await AddCertificateAsync(b, CertificateKind.Managed, CertificateState.Pending, c => c with { LastError = "Waiting for the CA's rate limits", NextAttemptAt = now.AddHours(1) });
        var fine = await AddCertificateAsync(b, CertificateKind.Managed, CertificateState.Pending, c => c with { NextAttemptAt = now });
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var text = await admin.GetTextAsync("/api/v1/admin/failures");

        var failures = JsonNode.Parse(text)!.AsArray();
        var ids = failures.Select(f => (string?)f!["certificate"]!["id"]).ToList();
        Assert.True(ids.IndexOf(failed.ToString()) >= 0 && ids.IndexOf(failed.ToString()) < ids.IndexOf(waiting.ToString()), text);
        Assert.DoesNotContain(fine.ToString(), ids);
        var entry = failures.Single(f => (string?)f!["certificate"]!["id"] == failed.ToString())!;
        Assert.Equal(a.TenantId, (string?)entry["tenantId"]);
        Assert.Equal("failed", (string?)entry["certificate"]!["state"]);
        Assert.Equal("The CA refused: the name does not resolve", (string?)entry["certificate"]!["lastError"]);
        Assert.Equal(b.TenantId, (string?)failures.Single(f => (string?)f!["certificate"]!["id"] == waiting.ToString())!["tenantId"]);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN CERTIFICATE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN CERTIFICATE", await admin.GetTextAsync("/api/v1/admin/queue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_view_lists_the_next_jobs_due_and_counts_them_all()
    {
        foreach (var minutes in new[] { -30, -20, 60 })
        {
            await Store.Queue.EnqueueAsync(WorkKinds.Issue, Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(minutes), Ct);
        }
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var all = await Store.Queue.ListAsync(Ct);

        var two = (await admin.GetAsync("/api/v1/admin/queue?limit=2").ExpectAsync(HttpStatusCode.OK)).AsArray();
        var counts = await admin.GetAsync("/api/v1/admin/queue/counts").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(all.Take(2).Select(i => i.Id.ToString()), two.Select(e => (string?)e!["id"]));
        Assert.Equal(all.Count, (int)counts["total"]!);
        Assert.Equal(all.Count(i => i.DueAt <= DateTimeOffset.UtcNow), (int)counts["due"]!);
        var problem = await admin.GetAsync("/api/v1/admin/queue?limit=0").ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.Errors.ContainsKey("limit"), problem.Raw);
    }

    [Theory]
    [InlineData("/api/v1/admin/queue/counts")]
    [InlineData("/api/v1/admin/queue")]
    [InlineData("/api/v1/admin/budgets")]
    [InlineData("/api/v1/admin/failures")]
    public async Task A_tenant_token_is_forbidden_the_admin_views(string path)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var problem = await tenant.Client.GetAsync(path).ExpectProblemAsync(HttpStatusCode.Forbidden);

        Assert.Contains("platform admin", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_again_makes_the_certificates_work_due_now_wakes_the_processor_and_records_it()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var certificate = await AddCertificateAsync(tenant, CertificateKind.Managed, CertificateState.Failed,
            c => c with { LastError = "The CA refused", NextAttemptAt = DateTimeOffset.UtcNow.AddHours(4), UpdatedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, certificate, DateTimeOffset.UtcNow.AddHours(4), Ct);
        var signal = fixture.Host.Services.GetRequiredService<IssuanceSignal>();
        await signal.WaitAsync(TimeSpan.Zero, Ct); // take any earlier wake-up, so the one after the request is this one's

        var answer = await tenant.Client.PostAsync($"{tenant.Base}/certificates/{certificate}/check-again", null).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Equal(certificate.ToString(), (string?)answer["id"]);
        Assert.Equal("failed", (string?)answer["state"]);
        var item = await Store.Queue.FindAsync(WorkKinds.Issue, certificate, Ct);
        Assert.True(item!.DueAt <= DateTimeOffset.UtcNow, $"due at {item.DueAt:O}");
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, Ct));
        var events = await tenant.Client.GetAsync($"{tenant.Base}/certificates/{certificate}/events").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events.AsArray(), e => (string?)e!["kind"] == "certificate.check-again");
    }

    [Fact]
    public async Task Check_again_right_after_a_failed_attempt_says_when_and_asking_twice_records_it_once()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var justTried = await AddCertificateAsync(tenant, CertificateKind.Managed, CertificateState.Failed,
            c => c with { LastError = "The CA refused", NextAttemptAt = DateTimeOffset.UtcNow.AddHours(4), UpdatedAt = DateTimeOffset.UtcNow.AddSeconds(-10) });
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, justTried, DateTimeOffset.UtcNow.AddHours(4), Ct);
        var pending = await AddCertificateAsync(tenant, CertificateKind.Managed, CertificateState.Pending, c => c);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, pending, DateTimeOffset.UtcNow.AddHours(1), Ct);

        var problem = await tenant.Client.PostAsync($"{tenant.Base}/certificates/{justTried}/check-again", null).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await tenant.Client.PostAsync($"{tenant.Base}/certificates/{pending}/check-again", null).ExpectAsync(HttpStatusCode.Accepted);
        await tenant.Client.PostAsync($"{tenant.Base}/certificates/{pending}/check-again", null).ExpectAsync(HttpStatusCode.Accepted);

        Assert.Matches("tried this certificate 1[0-9] seconds ago; check again in [45][0-9] seconds", problem.Detail);
        Assert.True((await Store.Queue.FindAsync(WorkKinds.Issue, justTried, Ct))!.DueAt > DateTimeOffset.UtcNow, "the refused request moved nothing");
        var events = (await tenant.Client.GetAsync($"{tenant.Base}/certificates/{pending}/events").ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Single(events, e => (string?)e!["kind"] == "certificate.check-again");
    }

    [Fact]
    public async Task Check_again_is_not_found_for_another_tenants_certificate()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var certificate = await AddCertificateAsync(a, CertificateKind.Managed, CertificateState.Failed, c => c with { LastError = "x" });

        await b.Client.PostAsync($"{b.Base}/certificates/{certificate}/check-again", null).ExpectProblemAsync(HttpStatusCode.NotFound);
        await b.Client.PostAsync($"{a.Base}/certificates/{certificate}/check-again", null).ExpectProblemAsync(HttpStatusCode.NotFound);

        var events = await a.Client.GetAsync($"{a.Base}/certificates/{certificate}/events").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(events.AsArray(), e => (string?)e!["kind"] == "certificate.check-again");
        Assert.Null(await Store.Queue.FindAsync(WorkKinds.Issue, certificate, Ct));
    }

    [Theory]
    [InlineData(CertificateKind.Custom, CertificateState.Valid, "another CA")]
    [InlineData(CertificateKind.Managed, CertificateState.Retired, "retired")]
    public async Task Check_again_refuses_what_the_platform_does_not_order(CertificateKind kind, CertificateState state, string why)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var certificate = await AddCertificateAsync(tenant, kind, state, c => c);

        var problem = await tenant.Client.PostAsync($"{tenant.Base}/certificates/{certificate}/check-again", null).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(why, problem.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey("certificateId"), problem.Raw);
        Assert.Null(await Store.Queue.FindAsync(WorkKinds.Issue, certificate, Ct));
    }

    /// <summary>A certificate of the tenant put straight into the store, as the processor or an upload would leave it.</summary>
    private async Task<Guid> AddCertificateAsync(TenantSession tenant, CertificateKind kind, CertificateState state, Func<CertificateRecord, CertificateRecord> change)
    {
        var now = DateTimeOffset.UtcNow;
        var certificate = change(new CertificateRecord
        {
            Id = Guid.NewGuid(),
            TenantId = Guid.Parse(tenant.TenantId),
            Kind = kind,
            Names = [DnsName.Parse("www." + TenantSession.NewDomainName())],
            State = state,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        });
        await Store.Certificates.AddCertificateAsync(certificate, Ct);
        return certificate.Id;
    }
}
