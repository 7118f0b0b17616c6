using System.Text.RegularExpressions;
using Certsmith.Core.Names;

namespace Certsmith.Core.Budgets;

/// <summary>
/// Which budget scope a CA's <c>rateLimited</c> answer (RFC 8555 §6.7) names, read from Let's Encrypt's problem
/// details, e.g. <c>too many certificates (50) already issued for "example.org" in the last 168h0m0s</c>. When the
/// words say nothing we know, the whole account's new orders are held: holding too much only delays, sending
/// into a limit gets the account paused.
/// </summary>
internal static partial class RateLimitedScopes
{
    public static IReadOnlyList<string> For(BudgetScopes scopes, BudgetRequest request, string? detail)
    {
        var text = detail ?? "";
        var quoted = Quoted().Match(text) is { Success: true } m && DnsName.TryParse(m.Groups[1].Value.TrimStart('*', '.'), out var n, out _) ? n : null;
        if (text.Contains("exact set", StringComparison.OrdinalIgnoreCase))
        {
            return [scopes.ExactSet(request.Names)];
        }
        if (text.Contains("failed authorization", StringComparison.OrdinalIgnoreCase) || text.Contains("authorization failures", StringComparison.OrdinalIgnoreCase))
        {
            return quoted is not null ? [scopes.FailedAuthorizations(quoted)] : [.. request.Names.Select(scopes.FailedAuthorizations).Distinct(StringComparer.Ordinal)];
        }
        if (text.Contains("registered domain", StringComparison.OrdinalIgnoreCase) || (text.Contains("certificates", StringComparison.OrdinalIgnoreCase) && quoted is not null))
        {
            return [.. scopes.RegisteredDomains(quoted is not null ? [quoted] : request.Names).Select(scopes.Domain)];
        }
        return [scopes.Account];
    }

    [GeneratedRegex("\"([^\"]+)\"", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Quoted();
}
