using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Certsmith.Core.Budgets;
using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Bench.Panel;

/// <summary>What the bench filled in, and what it signs in with and opens.</summary>
internal sealed record Population(
    Guid BigTenant,
    string BigEmail,
    string AdminEmail,
    string Password,
    Guid FirstSite,
    Guid PostSite,
    string PostDomain,
    Guid ManagedCertificate,
    Guid CustomCertificate,
    IReadOnlyDictionary<string, long> Counts);

/// <summary>The shape of the data: one big tenant and many small ones, as a hosting platform grows.</summary>
internal sealed record PopulationShape(int Sites, int SmallTenants, int SmallSites, int Domains, int Custom, int FailingPercent, int BudgetOrders, int Workers);

/// <summary>
/// Fills the store through the Core services where the panel's own actions would (tenants, users, domains, sites,
/// addresses: each address runs the certificate policy, which creates the managed certificate, its assignment, its
/// queue item and their events), then stands in for the issuance processor through the store: managed certificates
/// marked valid with a ~3 KB chain (a few failing), their queue items moved to their renewal times, custom certificates
/// (some attached, some about to expire), and budget charges through the budget itself.
/// </summary>
internal static class Populator
{
    public const string Password = "bench-panel-password-1";
    private const string BigEmail = "owner@big-hosting.example";
    private const string AdminEmail = "admin@platform.example";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<Population> RunAsync(ApiHost host, PopulationShape shape, CancellationToken cancellationToken)
    {
        var services = host.Services;
        var store = host.Store;
        var tenants = services.GetRequiredService<TenantService>();
        var users = services.GetRequiredService<UserService>();
        var domains = services.GetRequiredService<DomainService>();
        var sites = services.GetRequiredService<SiteService>();
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var chain = TestChain.Create(now);
        Console.Error.WriteLine($"chain: {chain.ChainPem.Length} bytes of PEM");

        // The big tenant: every address gets a certificate of its own (threshold 10,000, as a tenant that wants no wildcards).
        var big = await tenants.CreateTenantAsync("big-hosting", 10_000, cancellationToken);
        await users.CreateUserAsync(big.Id, BigEmail, Password, cancellationToken);
        await users.CreateUserAsync(null, AdminEmail, Password, cancellationToken);
        var bigDomains = Enumerable.Range(0, shape.Domains).Select(k => $"bigco{k}.com").ToArray();
        foreach (var domain in bigDomains)
        {
            await domains.AddDomainAsync(big.Id, domain, DomainKind.External, byAdmin: true, cancellationToken);
        }
        var addresses = new ConcurrentDictionary<string, Guid>(StringComparer.Ordinal);
        var siteIds = new Guid[shape.Sites];
        await ForEachAsync(shape.Sites, shape.Workers, async i =>
        {
            var domain = bigDomains[i % bigDomains.Length];
            var site = await sites.CreateSiteAsync(big.Id, $"site-{i.ToString("D5", Inv)}", null, cancellationToken);
            siteIds[i] = site.Id;
            foreach (var name in new[] { $"s{i}.{domain}", $"www.s{i}.{domain}" })
            {
                addresses[name] = (await sites.AddAddressAsync(big.Id, site.Id, name, cancellationToken)).Id;
            }
        }, "big tenant sites", watch);
        var postSite = await sites.CreateSiteAsync(big.Id, "site-posts", null, cancellationToken);

        // Small tenants: their own domain, a user (stored directly: hashing 200 passwords would only slow the set-up), sites.
        await ForEachAsync(shape.SmallTenants, shape.Workers, async j =>
        {
            var tenant = await tenants.CreateTenantAsync($"small-{j.ToString("D4", Inv)}", null, cancellationToken);
            await store.Tenants.AddUserAsync(new User(Guid.NewGuid(), tenant.Id, $"owner@small{j}.example", "not-a-hash", now, null), cancellationToken);
            await domains.AddDomainAsync(tenant.Id, $"small{j}.net", DomainKind.External, byAdmin: true, cancellationToken);
            for (var m = 0; m < shape.SmallSites; m++)
            {
                var site = await sites.CreateSiteAsync(tenant.Id, $"site-{m}", null, cancellationToken);
                await sites.AddAddressAsync(tenant.Id, site.Id, $"s{m}.small{j}.net", cancellationToken);
            }
        }, "small tenants", watch);

        // What the issuance processor would have done: most certificates valid, a few failing or waiting for a budget.
        var events = services.GetRequiredService<EventRecorder>();
        var all = (await store.Certificates.ListCertificatesAsync(null, cancellationToken)).Where(c => c.Kind == CertificateKind.Managed).ToList();
        var dueAt = new ConcurrentDictionary<Guid, (DateTimeOffset Due, string? Error)>();
        await ForEachAsync(all.Count, shape.Workers, async n =>
        {
            var c = all[n];
            CertificateRecord updated;
            if (shape.FailingPercent > 0 && n % (100 / shape.FailingPercent) == 7 % (100 / shape.FailingPercent))
            {
                var error = n % 3 == 0
                    ? $"Waiting for the CA's rate limit: at most 50 certificates per registered domain per week; next at {now.AddHours(n % 40):u}."
                    : $"urn:ietf:params:acme:error:connection: {c.Names[0]}: Fetching http://{c.Names[0]}/.well-known/acme-challenge/…: Timeout during connect (likely firewall problem)";
                updated = c with
                {
                    State = n % 3 == 0 ? CertificateState.Pending : CertificateState.Failed,
                    LastError = error,
                    FailureCount = 1 + n % 5,
                    NextAttemptAt = now.AddMinutes(5 + n % 300),
                    UpdatedAt = now,
                };
                dueAt[c.Id] = (updated.NextAttemptAt!.Value, error);
            }
            else
            {
                var notBefore = now.AddDays(-(n % 60)).AddMinutes(-(n % 1440));
                updated = c with
                {
                    State = CertificateState.Valid,
                    ChainPem = chain.ChainPem,
                    ProtectedKey = ProtectedKeyStandIn,
                    NotBefore = notBefore,
                    NotAfter = notBefore.AddDays(90),
                    Issuer = chain.Issuer,
                    SerialNumber = Convert.ToHexString(c.Id.ToByteArray()),
                    RenewAt = notBefore.AddDays(60),
                    UpdatedAt = now,
                };
                dueAt[c.Id] = (updated.RenewAt!.Value, null);
            }
            await store.Certificates.UpdateCertificateAsync(updated, cancellationToken);
            if (updated.State == CertificateState.Valid)
            {
                await events.RecordAsync(c.TenantId, c.Id, null, "certificate.issued", $"Issued for {string.Join(", ", c.Names)}, valid until {updated.NotAfter:u}.", cancellationToken);
            }
        }, "managed certificates issued", watch);

        // The queue as a running platform has it: one item per certificate, due at its renewal or next attempt.
        var leased = await store.Queue.LeaseAsync("bench-populate", now.AddMinutes(1), TimeSpan.FromMinutes(10), int.MaxValue, cancellationToken);
        await ForEachAsync(leased.Count, shape.Workers, async n =>
        {
            var item = leased[n];
            var (due, error) = dueAt.TryGetValue(item.SubjectId, out var d) ? d : (now, null);
            await store.Queue.RescheduleAsync(item.Id, "bench-populate", due, error, cancellationToken);
        }, "queue items rescheduled", watch);

        // Custom certificates: every other one a wildcard over one of the big tenant's domains; the first ten expire
        // within 30 days (two already expired) so the banner shows; half attached; a few still waiting for their CA.
        Guid? firstCustom = null;
        for (var k = 0; k < shape.Custom; k++)
        {
            var domain = bigDomains[k % bigDomains.Length];
            var site = k % shape.Sites;
            var names = k % 2 == 0 ? new[] { $"*.{domain}" } : [$"s{site}.{bigDomains[site % bigDomains.Length]}", $"www.s{site}.{bigDomains[site % bigDomains.Length]}"];
            var waiting = k % 10 == 9;
            var notAfter = k < 10 ? now.AddDays(-3 + (k * 3)) : now.AddDays(120 + (k * 5));
            var record = new CertificateRecord
            {
                Id = Guid.NewGuid(),
                TenantId = big.Id,
                Kind = CertificateKind.Custom,
                Names = [.. names.Select(DnsName.ParseHostOrWildcard)],
                State = waiting ? CertificateState.Pending : CertificateState.Valid,
                ChainPem = waiting ? null : chain.ChainPem,
                ProtectedKey = ProtectedKeyStandIn,
                NotBefore = waiting ? null : notAfter.AddDays(-365),
                NotAfter = waiting ? null : notAfter,
                Issuer = waiting ? null : "CN=Sectigo RSA Domain Validation Secure Server CA, O=Sectigo Limited, L=Salford, S=Greater Manchester, C=GB",
                SerialNumber = waiting ? null : Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                CsrPem = waiting ? "-----BEGIN CERTIFICATE REQUEST-----\n" + new string('A', 900) + "\n-----END CERTIFICATE REQUEST-----\n" : null,
                CreatedAt = now.AddDays(-k),
                UpdatedAt = now.AddDays(-k),
            };
            await store.Certificates.AddCertificateAsync(record, cancellationToken);
            firstCustom ??= waiting ? null : record.Id;
            if (!waiting && k % 4 < 2)
            {
                // Attach to an address it covers: a wildcard to the first site under its domain, else its own site's.
                var target = k % 2 == 0 ? $"s{k % bigDomains.Length}.{domain}" : names[0];
                if (addresses.TryGetValue(target, out var addressId))
                {
                    await store.Sites.SetCustomCertificateAsync(addressId, record.Id, cancellationToken);
                }
            }
        }

        // Budget charges: recent new orders of the small tenants' names (Let's Encrypt's limits at the made-up CA), and one hold.
        var budget = services.GetRequiredService<IIssuanceBudget>();
        var smallNames = (await store.Sites.ListAllAddressesAsync(null, cancellationToken)).Where(a => a.TenantId != big.Id).Select(a => a.Name).Take(shape.BudgetOrders).ToList();
        foreach (var (name, n) in smallNames.Select((name, n) => (name, n)))
        {
            await budget.TryReserveAsync(new BudgetRequest(Guid.NewGuid(), [name], OrderKind.NewNames, false), now.AddMinutes(-(n % 170)), cancellationToken);
        }
        if (smallNames.Count > 0)
        {
            await budget.RecordRateLimitedAsync(new BudgetRequest(Guid.NewGuid(), [smallNames[0]], OrderKind.NewNames, false), now.AddHours(2), "too many certificates already issued", cancellationToken);
        }

        var managedId = (await services.GetRequiredService<CertificateService>().GetAssignedCertificateAsync(big.Id, addresses[$"s0.{bigDomains[0]}"], cancellationToken))!.Id;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["tenants"] = (await store.Tenants.ListTenantsAsync(cancellationToken)).Count,
            ["sites (all tenants)"] = (await store.Sites.ListSitesAsync(null, cancellationToken)).Count,
            ["addresses (all tenants)"] = (await store.Sites.ListAllAddressesAsync(null, cancellationToken)).Count,
            ["certificates (all tenants)"] = (await store.Certificates.ListCertificatesAsync(null, cancellationToken)).Count,
            ["big tenant: certificates"] = (await store.Certificates.ListCertificatesAsync(big.Id, cancellationToken)).Count,
            ["big tenant: addresses"] = (await store.Sites.ListAllAddressesAsync(big.Id, cancellationToken)).Count,
            ["queue items"] = (await store.Queue.ListAsync(cancellationToken)).Count,
            ["failing certificates"] = (await store.Certificates.ListFailingCertificatesAsync(cancellationToken)).Count,
            ["budgets with charges"] = (await budget.ListUsageAsync(DateTimeOffset.UtcNow, cancellationToken)).Count,
            ["database bytes"] = new FileInfo(host.DatabasePath).Length + (File.Exists(host.DatabasePath + "-wal") ? new FileInfo(host.DatabasePath + "-wal").Length : 0),
            ["populate ms"] = watch.ElapsedMilliseconds,
        };
        return new Population(big.Id, BigEmail, AdminEmail, Password, siteIds[0], postSite.Id, bigDomains[0], managedId, firstCustom!.Value, counts);
    }

    /// <summary>An encrypted key's size (the panel never decrypts it; the store reads it with every row).</summary>
    private static readonly byte[] ProtectedKeyStandIn = new byte[180];

    private static async Task ForEachAsync(int count, int workers, Func<int, Task> body, string what, Stopwatch watch)
    {
        var next = -1;
        var step = Math.Max(1, count / 5);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
                if ((i + 1) % step == 0)
                {
                    Console.Error.WriteLine($"  {what}: {i + 1}/{count} ({watch.Elapsed.TotalSeconds:F1} s)");
                }
            }
        }));
    }
}
