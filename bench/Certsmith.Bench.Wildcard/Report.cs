using System.Globalization;
using System.Text;

namespace Certsmith.Bench.Wildcard;

/// <summary>The Markdown report: both clients' latencies, the ratio, CPU, the Certsmith breakdown and every run.</summary>
internal sealed class Report(BenchSetup setup)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly StringBuilder _text = new();

    public string Build(IReadOnlyList<CertsmithRun> certsmith, PhaseUsage certsmithUsage, IReadOnlyList<LegoRun> lego, PhaseUsage legoUsage, string? legoSampleLog)
    {
        var totals = certsmith.Select(r => r.TotalMs).ToList();
        var walls = lego.Select(r => r.WallMs).ToList();
        var p50 = Stats.Percentile(totals, 0.50);
        var legoP50 = Stats.Percentile(walls, 0.50);
        Line($"# Time to a valid wildcard, {setup.Started:yyyy-MM-dd HH:mm} UTC");
        Line();
        Line($"Machine: {Environment.ProcessorCount} cores; load average (1/5/15 min) before: {setup.LoadBefore}; after the Certsmith runs: {certsmithUsage.LoadAfter}; after the lego runs: {legoUsage.LoadAfter}.");
        Line($"Pebble 2.4.0: PEBBLE_VA_NOSLEEP=1, PEBBLE_AUTHZREUSE=0, PEBBLE_WFE_NONCEREJECT={setup.NonceRejectPercent}, GOMAXPROCS=1, resolving through the Knot primary. "
            + "Knot 3.2: a primary and a secondary that transfers from it (NOTIFY, IXFR; the test bench's `knotc zone-notify` after each update, see KnotServer), zones `wild.test` and `lego.test`, one TSIG key (hmac-sha256) each.");
        Line($"Certsmith: certsmith-server as its own process, SQLite, budgets off, DNS-01 by RFC 2136 to the primary, propagation checked on both servers; {setup.PollDelay}; "
            + $"the API polled every {setup.PollMs} ms; {setup.Warmup} warm-up wildcard(s) first (account, JIT). Extra settings: {(setup.ServerSettings.Count == 0 ? "none" : string.Join(' ', setup.ServerSettings.Select(s => $"`{s}`")))}.");
        Line("lego 4.9.1 (Debian): one process per wildcard, `--dns rfc2136 --dns.disable-cp --dns.resolvers <primary> --key-type ec256`, RFC2136_NAMESERVER=<primary>, "
            + "RFC2136_TSIG_ALGORITHM=hmac-sha256., RFC2136_SEQUENCE_INTERVAL=1, RFC2136_PROPAGATION_TIMEOUT=60, RFC2136_POLLING_INTERVAL=1; "
            + $"{setup.Warmup} warm-up run(s) first (registers the account).");
        Line("Names: a fresh parent per run (`*.r<i>.wild.test`, `*.r<i>.lego.test`), runs one after another.");
        Line();
        Line("| client | runs | p50 | p95 | min | max | mean | CPU per wildcard | Pebble CPU / Knot CPU per wildcard |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        Row("Certsmith", totals, certsmithUsage, "platform process");
        if (lego.Count > 0)
        {
            Row("lego", walls, legoUsage, $"lego process (GNU time; max RSS {lego.Select(r => r.MaxRssKb).DefaultIfEmpty().Max() / 1024} MB)");
        }
        Line();
        if (!double.IsNaN(certsmithUsage.IdleCpuPerSecond) && certsmith.Count > 0)
        {
            var n = certsmith.Count;
            Line($"The platform's CPU per wildcard ({Ms(certsmithUsage.ClientCpuSeconds * 1000 / n)}) includes {Ms(certsmithUsage.JitCpuSeconds * 1000 / n)} of the runtime's "
                + $"background JIT thread (tier-1 recompilation in a process minutes old), so **{Ms((certsmithUsage.ClientCpuSeconds - certsmithUsage.JitCpuSeconds) * 1000 / n)} without it**; "
                + $"and answering the driver's API polls. Idle afterwards, the platform used {Ms(certsmithUsage.IdleCpuPerSecond * 1000)} of CPU per second (read for {certsmithUsage.IdleSeconds} s).");
        }
        var ratio = legoP50 / p50;
        Line(lego.Count == 0
            ? $"lego: not run. Target Certsmith p50 < 1 s: **{(p50 < 1000 ? "met" : "NOT met")}** ({Ms(p50)})."
            : $"Ratio lego p50 / Certsmith p50: **{ratio.ToString("F1", Inv)}×** (of the means: {(walls.Average() / totals.Average()).ToString("F1", Inv)}×). "
                + $"Target Certsmith p50 < 1 s: **{(p50 < 1000 ? "met" : "NOT met")}** ({Ms(p50)}).");
        if (lego.Count > 0)
        {
            // lego's times fall in two groups (see bench/README.md), which makes its p50 depend on how the runs split.
            Line($"lego runs under 2 s: {lego.Count(r => r.WallMs < 2000)} of {lego.Count}.");
        }
        Line();
        Breakdown(certsmith);
        Line("## Every run (ms)");
        Line();
        Line("| i | Certsmith | lego |");
        Line("|---:|---:|---:|");
        for (var i = 0; i < Math.Max(certsmith.Count, lego.Count); i++)
        {
            Line($"| {i + 1} | {(i < certsmith.Count ? Ms(certsmith[i].TotalMs) : "")} | {(i < lego.Count ? Ms(lego[i].WallMs) : "")} |");
        }
        if (legoSampleLog is not null)
        {
            Line();
            Line("## lego: the first timed run's log");
            Line();
            Line("```");
            Line(legoSampleLog.TrimEnd());
            Line("```");
        }
        return _text.ToString();

        void Row(string client, List<double> values, PhaseUsage usage, string cpuOf)
        {
            var n = Math.Max(values.Count, 1);
            Line($"| {client} | {values.Count} | {Ms(Stats.Percentile(values, 0.50))} | {Ms(Stats.Percentile(values, 0.95))} | {Ms(values.DefaultIfEmpty().Min())} | {Ms(values.DefaultIfEmpty().Max())} | {Ms(values.DefaultIfEmpty().Average())} "
                + $"| {Ms(usage.ClientCpuSeconds * 1000 / n)} ({cpuOf}) | {Ms(usage.PebbleCpuSeconds * 1000 / n)} / {Ms(usage.KnotCpuSeconds * 1000 / n)} |");
        }
    }

    private void Breakdown(IReadOnlyList<CertsmithRun> runs)
    {
        var parsed = runs.Where(r => r.Phases is not null).ToList();
        Line($"## Certsmith: where the time goes ({parsed.Count} of {runs.Count} runs parsed from the platform's log)");
        Line();
        foreach (var unparsed in runs.Where(r => r.Phases is null).Take(3))
        {
            Line($"- {unparsed.Parent}: {unparsed.Missing}");
        }
        if (parsed.Count > 0)
        {
            Line("| phase | p50 | mean | max |");
            Line("|---|---:|---:|---:|");
            for (var i = 0; i < Timeline.Phases.Length; i++)
            {
                var values = parsed.Select(r => r.Phases![i]).ToList();
                Line($"| {Timeline.Phases[i]} | {Ms(Stats.Percentile(values, 0.5))} | {Ms(values.Average())} | {Ms(values.Max())} |");
            }
            Line($"| **total** | {Ms(Stats.Percentile(parsed.Select(r => r.TotalMs), 0.5))} | {Ms(parsed.Average(r => r.TotalMs))} | {Ms(parsed.Max(r => r.TotalMs))} |");
            Line();
            Line($"Per wildcard (mean): {Avg(parsed, r => r.Counts.AcmeRequests)} ACME requests ({Avg(parsed, r => r.Counts.AuthzRequests)} authorization, "
                + $"{Avg(parsed, r => r.Counts.OrderRequests)} order fetches), {Avg(parsed, r => r.Counts.Locates)} zone look-ups (CNAME + SOA each), "
                + $"{Avg(parsed, r => r.Counts.WriteChecks)} write checks (signed updates); POST /wildcards p50 {Ms(Stats.Percentile(runs.Select(r => r.PostMs), 0.5))}; "
                + $"{Avg(runs, r => r.Polls)} API polls.");
        }
        Line();
    }

    private static string Avg<T>(IEnumerable<T> items, Func<T, int> value) => items.Average(value).ToString("F1", Inv);

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms >= 10_000 ? (ms / 1000).ToString("F1", Inv) + " s" : ms.ToString("F0", Inv) + " ms";

    private void Line(string text = "") => _text.Append(text).Append('\n');
}

/// <summary>What the report says about the set-up.</summary>
internal sealed record BenchSetup(DateTime Started, string LoadBefore, int NonceRejectPercent, string PollDelay, int PollMs, int Warmup, IReadOnlyList<string> ServerSettings);

/// <summary>CPU seconds over one client's timed runs (the client's process, Pebble, both knotd), and the load after them.</summary>
internal sealed record PhaseUsage(double ClientCpuSeconds, double PebbleCpuSeconds, double KnotCpuSeconds, string LoadAfter)
{
    /// <summary>How long the timed runs took in all (Certsmith only).</summary>
    public double Seconds { get; init; }

    /// <summary>Of <see cref="ClientCpuSeconds"/>, what the runtime's background JIT thread used (Certsmith only).</summary>
    public double JitCpuSeconds { get; init; } = double.NaN;

    /// <summary>How long the idle platform's CPU was read.</summary>
    public double IdleSeconds { get; init; }

    /// <summary>The idle platform's CPU seconds per second, read after the runs (Certsmith only).</summary>
    public double IdleCpuPerSecond { get; init; } = double.NaN;
}
