using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Budgets;

/// <summary>
/// Turns an order into the checks the CA would count it against, charged as the CA charges (DESIGN.md,
/// "Rate-limit budgets"): an ARI renewal counts nowhere; a same-name renewal counts toward its exact set and is
/// held back by failed authorizations; new names count toward all four. Scopes carry the CA's host, so budgets
/// at one CA never leak into another's, while a CA that moved to another port (the local Pebble, restarted)
/// keeps its budgets. Immutable and thread-safe.
/// </summary>
internal sealed class BudgetScopes(RateLimitOptions options, PublicSuffixList suffixes)
{
    private readonly string _ca = options.Ca.IdnHost;

    public string Account => $"{_ca} orders";

    public string Domain(string registered) => $"{_ca} domain {registered}";

    public string ExactSet(IEnumerable<DnsName> names) => $"{_ca} set {string.Join(',', Distinct(names))}";

    public string FailedAuthorizations(DnsName name) => FailedAuthorizations(Bare(name));

    private string FailedAuthorizations(string bare) => $"{_ca} authz {bare}";

    /// <summary>The distinct registered domains among the names (a public suffix itself counts as its own).</summary>
    public IReadOnlyList<string> RegisteredDomains(IEnumerable<DnsName> names) =>
        [.. names.Select(n => suffixes.RegistrableDomain(n) ?? Bare(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public IReadOnlyList<BudgetCheck> ChecksFor(BudgetRequest request)
    {
        if (request.Kind == OrderKind.AriRenewal)
        {
            return [];
        }
        var names = Distinct(request.Names);
        var checks = new List<BudgetCheck>();
        if (request.Kind == OrderKind.NewNames)
        {
            var orders = options.OrdersPerAccount;
            checks.Add(new(Account, orders.Count, orders.Window, Charge: true, $"{orders.Count} new orders per {Span(orders.Window)} for the account"));
            var perDomain = options.CertificatesPerRegisteredDomain;
            checks.AddRange(RegisteredDomains(request.Names).Select(d =>
                new BudgetCheck(Domain(d), perDomain.Count, perDomain.Window, Charge: true, $"{perDomain.Count} new certificates per {Span(perDomain.Window)} for {d}")));
        }
        // Urgent renewals count toward the exact set like everyone else, but only they may use its reserve.
        var set = options.CertificatesPerExactSet;
        var urgent = request.Urgent && request.Kind == OrderKind.Renewal;
        var capacity = urgent ? set.Count : set.Count - options.Reserve(set.Count);
        checks.Add(new(ExactSet(request.Names), capacity, set.Window, Charge: true,
            $"{set.Count} certificates per {Span(set.Window)} for the names {string.Join(", ", names)}" + (urgent || capacity == set.Count ? "" : $", {set.Count - capacity} kept for urgent renewals")));
        var failed = options.FailedAuthorizationsPerName;
        checks.AddRange(request.Names.Select(Bare).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n =>
            new BudgetCheck(FailedAuthorizations(n), failed.Count, failed.Window, Charge: false, $"{failed.Count} failed validations per {Span(failed.Window)} for {n}")));
        return checks;
    }

    /// <summary>"7 days", "3 hours", "1 hour": how Let's Encrypt words its windows.</summary>
    public static string Span(TimeSpan window) => window switch
    {
        { TotalDays: >= 1 } when window.TotalDays == Math.Floor(window.TotalDays) => Plural((int)window.TotalDays, "day"),
        { TotalHours: >= 1 } when window.TotalHours == Math.Floor(window.TotalHours) => Plural((int)window.TotalHours, "hour"),
        _ => Plural((int)Math.Ceiling(window.TotalMinutes), "minute"),
    };

    private static string Plural(int n, string unit) => n == 1 ? unit : $"{n} {unit}s";

    /// <summary>A wildcard is validated (and counted) as its base name.</summary>
    private static string Bare(DnsName name) => name.IsWildcard ? name.Value[2..] : name.Value;

    private static List<string> Distinct(IEnumerable<DnsName> names) => [.. names.Select(n => n.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
