using System.Globalization;

namespace Certsmith.Bench.Wildcard;

/// <summary>
/// Where one wildcard's time went, read from the platform's log of that run: its DNS-01 lines (Certsmith.Dns, Debug),
/// its ACME requests (the "acme" HttpClient's handler, Information: one line when a request is sent and one when its
/// response headers arrive) and the issuance line. The console formatter stamps each line in UTC to the millisecond
/// when it is logged. Pebble 2.4.0's paths name each request: /order-plz, /authZ/, /chalZ/, /finalize-order/,
/// /my-order/, /certZ/.
/// </summary>
internal static class Timeline
{
    /// <summary>The phases, in order; each ends where the next begins, the last at "valid in the API".</summary>
    public static readonly string[] Phases =
    [
        "request + queue pickup",
        "pre-order DNS check (locate + write check)",
        "new order",
        "authorization + DNS check again",
        "DNS update (add TXT)",
        "propagation (primary + secondary)",
        "Pebble validation (challenge + authz polls)",
        "TXT removal",
        "finalize + download",
        "store + seen valid by the API poll",
    ];

    private const string Sending = "Sending HTTP request ";
    private const string Received = "Received HTTP response headers after";

    /// <summary>The phases' durations in ms, or null when a marker is missing (the reason in <paramref name="missing"/>).</summary>
    public static double[]? Parse(IReadOnlyList<string> lines, DateTime start, DateTime valid, out RunCounts counts, out string? missing)
    {
        var requests = new List<Request>();
        var locates = new List<DateTime>();
        var writeChecks = new List<DateTime>();
        DateTime? add = null, propagated = null, remove = null;
        foreach (var line in lines)
        {
            if (!TryTime(line, start, out var at))
            {
                continue;
            }
            if (line.Contains(Sending, StringComparison.Ordinal))
            {
                var rest = line[(line.IndexOf(Sending, StringComparison.Ordinal) + Sending.Length)..].Split(' ');
                requests.Add(new Request(rest[0], rest.Length > 1 ? rest[1] : "", at));
            }
            else if (line.Contains(Received, StringComparison.Ordinal) && requests.LastOrDefault(r => r.Answered is null) is { } open)
            {
                open.Answered = at;
            }
            else if (line.Contains("DNS-01 record for ", StringComparison.Ordinal))
            {
                locates.Add(at);
            }
            else if (line.Contains("DNS update (write check)", StringComparison.Ordinal))
            {
                writeChecks.Add(at);
            }
            else if (line.Contains("DNS update (add)", StringComparison.Ordinal))
            {
                add ??= at;
            }
            else if (line.Contains("authoritative servers after", StringComparison.Ordinal))
            {
                propagated ??= at;
            }
            else if (line.Contains("DNS update (remove)", StringComparison.Ordinal))
            {
                remove ??= at;
            }
        }

        counts = new RunCounts(
            requests.Count,
            requests.Count(r => r.Path.Contains("/authZ/", StringComparison.Ordinal)),
            requests.Count(r => r.Path.Contains("/my-order/", StringComparison.Ordinal)),
            locates.Count,
            writeChecks.Count);
        var newOrder = requests.FirstOrDefault(r => r.Path.EndsWith("/order-plz", StringComparison.Ordinal))?.Answered;
        var validated = requests.LastOrDefault(r => r.Path.Contains("/authZ/", StringComparison.Ordinal) && r.Sent < remove)?.Answered;
        var downloaded = requests.LastOrDefault(r => r.Path.Contains("/certZ/", StringComparison.Ordinal))?.Answered;
        DateTime?[] marks =
        [
            start,
            locates.Count > 0 ? locates[0] : null,
            writeChecks.Count > 0 ? writeChecks[0] : null,
            newOrder,
            writeChecks.Count > 1 ? writeChecks[1] : null,
            add,
            propagated,
            validated,
            remove,
            downloaded,
            valid,
        ];
        string[] names = ["start", "locate", "write check", "new order answered", "second write check", "add", "propagated", "authz valid", "remove", "certificate downloaded", "valid"];
        var absent = names.Where((_, i) => marks[i] is null).ToList();
        if (absent.Count > 0)
        {
            missing = "no log line for: " + string.Join(", ", absent);
            return null;
        }
        missing = null;
        return Enumerable.Range(0, Phases.Length).Select(i => (marks[i + 1]!.Value - marks[i]!.Value).TotalMilliseconds).ToArray();
    }

    /// <summary>The line's leading <c>HH:mm:ss.fff</c> (UTC) on the run's day (a run that crosses midnight is handled).</summary>
    private static bool TryTime(string line, DateTime start, out DateTime at)
    {
        at = default;
        if (line.Length < 12 || !TimeSpan.TryParseExact(line.AsSpan(0, 12), @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var time))
        {
            return false;
        }
        at = start.Date + time;
        if (at < start - TimeSpan.FromHours(12))
        {
            at += TimeSpan.FromDays(1);
        }
        return true;
    }

    private sealed class Request(string method, string path, DateTime sent)
    {
        public string Method { get; } = method;

        public string Path { get; } = path;

        public DateTime Sent { get; } = sent;

        public DateTime? Answered { get; set; }
    }
}

/// <summary>What one run asked of the CA and the DNS.</summary>
internal sealed record RunCounts(int AcmeRequests, int AuthzRequests, int OrderRequests, int Locates, int WriteChecks);
