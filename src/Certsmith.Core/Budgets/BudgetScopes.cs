using Certsmith.Core.Names;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Budgets;

/// <summary>
/// Turns an order into the checks the CA would count it against, charged as the CA charges (DESIGN.md,
/// "Rate-limit budgets"): an ARI renewal counts nowhere; a same-name renewal counts toward its exact set and is
/// held back by failed authorizations; new names count toward all four. Scopes carry the CA's host, so budgets
/// at one CA never leak into another's, while a CA that moved to another port (the local Pebble, restarted)
/// keeps its budgets. <see cref="Describe"/> reads a stored scope back to its limit, in the same words as the checks
/// (for the admin's budget view). Immutable and thread-safe.
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
        var checks = new List<BudgetCheck>();
        if (request.Kind == OrderKind.NewNames)
        {
            var orders = options.OrdersPerAccount;
            checks.Add(new(Account, orders.Count, orders.Window, Charge: true, AccountDescription()));
            var perDomain = options.CertificatesPerRegisteredDomain;
            checks.AddRange(RegisteredDomains(request.Names).Select(d =>
                new BudgetCheck(Domain(d), perDomain.Count, perDomain.Window, Charge: true, DomainDescription(d))));
        }
        // Urgent renewals count toward the exact set like everyone else, but only they may use its reserve.
        var set = options.CertificatesPerExactSet;
        var urgent = request.Urgent && request.Kind == OrderKind.Renewal;
        var capacity = urgent ? set.Count : set.Count - options.Reserve(set.Count);
        checks.Add(new(ExactSet(request.Names), capacity, set.Window, Charge: true,
            ExactSetDescription(Distinct(request.Names)) + (urgent || capacity == set.Count ? "" : $", {set.Count - capacity} kept for urgent renewals")));
        var failed = options.FailedAuthorizationsPerName;
        checks.AddRange(request.Names.Select(Bare).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n =>
            new BudgetCheck(FailedAuthorizations(n), failed.Count, failed.Window, Charge: false, FailedAuthorizationsDescription(n))));
        return checks;
    }

    /// <summary>
    /// The limit a stored scope counts toward and its words, read back from the scope's text; null for a scope of
    /// another CA (the platform's CA changed since it was charged) or one this version does not make.
    /// </summary>
    public (RateLimit Limit, string Description)? Describe(string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope == Account)
        {
            return (options.OrdersPerAccount, AccountDescription());
        }
        var prefix = _ca + " ";
        if (!scope.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = scope[prefix.Length..];
        return Split(rest) switch
        {
            ("domain", { Length: > 0 } domain) => (options.CertificatesPerRegisteredDomain, DomainDescription(domain)),
            ("set", { Length: > 0 } names) => (options.CertificatesPerExactSet, ExactSetDescription(names.Split(','))),
            ("authz", { Length: > 0 } name) => (options.FailedAuthorizationsPerName, FailedAuthorizationsDescription(name)),
            _ => null,
        };

        static (string Kind, string Subject) Split(string text) =>
            text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? (text[..space], text[(space + 1)..]) : (text, "");
    }

    /// <summary>The distinct window lengths of the limits (at most four), for reading charges once per window.</summary>
    public IReadOnlyList<TimeSpan> Windows =>
        [.. new[] { options.OrdersPerAccount, options.CertificatesPerRegisteredDomain, options.CertificatesPerExactSet, options.FailedAuthorizationsPerName }
            .Select(l => l.Window).Distinct()];

    private string AccountDescription() => $"{options.OrdersPerAccount.Count} new orders per {Span(options.OrdersPerAccount.Window)} for the account";

    private string DomainDescription(string registered) =>
        $"{options.CertificatesPerRegisteredDomain.Count} new certificates per {Span(options.CertificatesPerRegisteredDomain.Window)} for {registered}";

    private string ExactSetDescription(IEnumerable<string> names) =>
        $"{options.CertificatesPerExactSet.Count} certificates per {Span(options.CertificatesPerExactSet.Window)} for the names {string.Join(", ", names)}";

    private string FailedAuthorizationsDescription(string bare) =>
        $"{options.FailedAuthorizationsPerName.Count} failed validations per {Span(options.FailedAuthorizationsPerName.Window)} for {bare}";

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
