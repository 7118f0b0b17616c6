using System.Diagnostics;
using System.Text;

namespace Certsmith.Bench.Wildcard;

/// <summary>
/// One wildcard at a time through the platform's API: POST /wildcards for a fresh parent, then GET the certificate
/// every poll interval until it is valid. The time runs from just before the POST until the poll that sees "valid".
/// </summary>
internal sealed class CertsmithRuns(ServerProcess server, WildcardApi api, string tenant, TimeSpan pollInterval, TimeSpan deadline, CancellationToken cancellationToken)
{
    /// <summary>The console logger writes from a queue: this long after "valid" every line of the run is out.</summary>
    private static readonly TimeSpan LogFlush = TimeSpan.FromMilliseconds(100);

    /// <exception cref="WildcardFailedException">The wildcard failed, or was not valid within the deadline.</exception>
    public async Task<CertsmithRun> RunAsync(string parent)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var firstLine = server.LineCount;
        var start = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var wildcard = await api.RequestWildcardAsync(tenant, parent);
        var postMs = clock.Elapsed.TotalMilliseconds;
        var id = WildcardApi.Id(wildcard);
        var polls = 0;
        while (true)
        {
            var certificate = await api.GetCertificateAsync(tenant, id);
            polls++;
            var state = (string?)certificate["state"];
            if (state == "valid")
            {
                break;
            }
            if (state == "failed" || (string?)certificate["lastError"] is not null || clock.Elapsed > deadline)
            {
                throw new WildcardFailedException(await DescribeAsync(parent, id, certificate.ToJsonString(), clock.Elapsed));
            }
            await Task.Delay(pollInterval, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        await Task.Delay(LogFlush);
        var phases = Timeline.Parse(server.LinesSince(firstLine), start, start + elapsed, out var counts, out var missing);
        return new CertsmithRun(parent, elapsed.TotalMilliseconds, postMs, polls, phases, counts, missing);
    }

    private async Task<string> DescribeAsync(string parent, string id, string certificate, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.Append("*.").Append(parent).Append(" not valid after ").Append(elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture))
            .Append(" s.\ncertificate: ").Append(certificate).Append("\nevents:\n");
        try
        {
            foreach (var e in (await api.GetEventsAsync(tenant, id)).AsArray())
            {
                text.Append("  ").Append((string?)e!["at"]).Append(' ').Append((string?)e["kind"]).Append(": ").Append((string?)e["message"]).Append('\n');
            }
        }
        catch (HttpRequestException e)
        {
            text.Append("  (could not read them: ").Append(e.Message).Append(")\n");
        }
        await Task.Delay(LogFlush);
        return text.Append("platform log (last 40 lines):\n").Append(server.Tail(40)).ToString();
    }
}

/// <summary>One wildcard: total and POST time, API polls, and the phases (null when the log lacked a marker).</summary>
internal sealed record CertsmithRun(string Parent, double TotalMs, double PostMs, int Polls, double[]? Phases, RunCounts Counts, string? Missing);

/// <summary>A wildcard that did not become valid; the message holds its certificate, events and the platform's log.</summary>
internal sealed class WildcardFailedException(string message) : Exception(message);
