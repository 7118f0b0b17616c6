using System.Diagnostics;
using Certsmith.Core.Certificates;
using Certsmith.Core.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Bench.Panel;

/// <summary>One call a page makes to the Core services, timed alone: p50 of several runs, the rows it returns, the store queries it sends.</summary>
internal sealed record DataCall(string Key, string Label, double P50Ms, int Rows, int Queries);

/// <summary>
/// Where a page's time goes: the same Core calls the page models make (src/Certsmith.Panel/Pages), made directly from
/// this process so each is timed apart from the others, from Razor rendering and from HTTP. A page's latency minus the
/// sum of its calls is its rendering, filters and HTTP. Query counts follow from the code (one store call is one query).
/// </summary>
internal static class Breakdown
{
    public static async Task<IReadOnlyDictionary<string, DataCall>> RunAsync(ApiHost host, Population population, int runs, CancellationToken cancellationToken)
    {
        var services = host.Services;
        var store = host.Store;
        var certificates = services.GetRequiredService<CertificateService>();
        var sites = services.GetRequiredService<SiteService>();
        var domains = services.GetRequiredService<DomainService>();
        var operations = services.GetRequiredService<OperationsService>();
        var tenants = services.GetRequiredService<TenantService>();
        var users = services.GetRequiredService<UserService>();
        var t = population.BigTenant;
        var tenantCount = (await tenants.ListTenantsAsync(cancellationToken)).Count;
        var queueItems = (await store.Queue.ListAsync(cancellationToken)).Count;

        var calls = new (string Key, string Label, Func<Task<(int Rows, int Queries)>> Call)[]
        {
            ("banner", "every rendered tenant page: the expiry banner, the tenant's custom certificates (`ListExpiringCustomAsync`)", async () => ((await certificates.ListExpiringCustomAsync(t, TimeSpan.FromDays(30), cancellationToken)).Count, 1)),
            ("tenant", "every tenant page: the tenant (`GetTenantAsync`)", async () => { await tenants.GetTenantAsync(t, cancellationToken); return (1, 1); }),
            ("counts", "the tenant's certificates counted by state (`CountCertificatesAsync`, a covering index)", async () => ((await certificates.CountCertificatesAsync(t, cancellationToken)).Managed, 1)),
            ("certificates", "one page of 100 managed and the custom certificates (`ListCertificatesPageAsync` twice)", async () =>
                ((await certificates.ListCertificatesPageAsync(t, CertificateKind.Managed, 0, 100, cancellationToken)).Count
                    + (await certificates.ListCertificatesPageAsync(t, CertificateKind.Custom, 0, 200, cancellationToken)).Count, 2)),
            ("attached", "the addresses with a custom certificate attached (`ListAttachedAddressesAsync`)", async () => ((await sites.ListAttachedAddressesAsync(t, cancellationToken)).Count, 1)),
            ("domains", "`ListDomainsAsync`", async () => ((await domains.ListDomainsAsync(t, cancellationToken)).Count, 1)),
            ("sites", "`ListSitesAsync`", async () => ((await sites.ListSitesAsync(t, cancellationToken)).Count, 1)),
            ("addresses", "every address of the tenant (`ListTenantAddressesAsync`)", async () => ((await sites.ListTenantAddressesAsync(t, cancellationToken)).Count, 1)),
            ("assignedAll", "\"Used by\": the certificate, its assignments, the tenant's addresses (`ListAssignedAddressesAsync`)", async () =>
                ((await certificates.ListAssignedAddressesAsync(t, population.ManagedCertificate, cancellationToken)).Count, 3)),
            ("siteData", "one site: site, its addresses, their assigned certificates", async () =>
            {
                await sites.GetSiteAsync(t, population.FirstSite, cancellationToken);
                var addresses = await sites.ListAddressesAsync(t, population.FirstSite, cancellationToken);
                await certificates.GetAssignedCertificatesAsync(t, [.. addresses.Select(a => a.Id)], cancellationToken);
                return (addresses.Count, 3 + (2 * addresses.Count));
            }),
            ("certificate", "one certificate and its history", async () =>
            {
                await certificates.GetCertificateAsync(t, population.ManagedCertificate, cancellationToken);
                var events = await certificates.ListCertificateEventsAsync(t, population.ManagedCertificate, cancellationToken);
                return (events.Count, 3);
            }),
            ("queue", "the queue page's first 200 items with their certificates (`ListQueueAsync(200)`: 1 query per item shown)", async () => ((await operations.ListQueueAsync(200, cancellationToken)).Count, 2 + Math.Min(200, queueItems))),
            ("queueCounts", "the queue's counts (`CountQueueAsync`)", async () => ((await operations.CountQueueAsync(cancellationToken)).Total, 1)),
            ("queueOnly", "the queue's rows alone (`IWorkQueue.ListAsync`)", async () => ((await store.Queue.ListAsync(cancellationToken)).Count, 1)),
            ("budgets", "`ListBudgetsAsync`", async () => ((await operations.ListBudgetsAsync(cancellationToken)).Count, 5)),
            ("failing", "every failing certificate, all columns (`ListFailingAsync`)", async () => ((await operations.ListFailingAsync(cancellationToken)).Count, 2)),
            ("tenants", "`ListTenantsAsync`", async () => ((await tenants.ListTenantsAsync(cancellationToken)).Count, 1)),
            ("users", "each tenant's users (`ListUsersAsync` once per tenant)", async () =>
            {
                var n = 0;
                foreach (var tenant in await tenants.ListTenantsAsync(cancellationToken))
                {
                    n += (await users.ListUsersAsync(tenant.Id, cancellationToken)).Count;
                }
                return (n, tenantCount);
            }),
        };
        var results = new Dictionary<string, DataCall>(StringComparer.Ordinal);
        foreach (var (key, label, call) in calls)
        {
            var (rows, queries) = await call();
            var samples = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await call();
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
            results[key] = new DataCall(key, label, Stats.Of(samples).P50, rows, queries);
        }
        return results;
    }
}
