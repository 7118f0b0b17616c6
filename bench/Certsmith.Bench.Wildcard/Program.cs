// Time to a valid wildcard (bench/wildcard/run.sh): Certsmith against lego on one Pebble (PEBBLE_AUTHZREUSE=0) and
// one Knot primary + secondary, all on 127.0.0.1 with ports chosen at run time.
//   --server-dll <certsmith-server.dll> [--runs 20] [--lego-runs RUNS] [--warmup 1] [--poll-ms 10]
//   [--poll-delay 00:00:00.050|default] [--nonce-reject 0] [--clk-tck 100] [--work <dir>] [--report <file.md>]
//   [-- <server settings, e.g. --Acme:MaxConcurrentOrders=4>]
// Prints the Markdown report (also to --report); exits 1 when a wildcard failed.
using System.Globalization;
using Certsmith.Bench.Issuance;
using Certsmith.Bench.Wildcard;
using Certsmith.LocalCa;
using Certsmith.Testing.Dns;

var inv = CultureInfo.InvariantCulture;
var split = Array.IndexOf(args, "--");
var opts = Options.Parse(split < 0 ? args : args.AsSpan(0, split));
var serverSettings = split < 0 ? [] : args[(split + 1)..];
var runs = opts.Int("runs", 20);
var legoRuns = opts.Int("lego-runs", runs);
var warmup = opts.Int("warmup", 1);
var pollMs = opts.Int("poll-ms", 10);
var pollDelay = opts.Get("poll-delay") ?? "00:00:00.050";
var nonceReject = opts.Int("nonce-reject", 0);
var clkTck = opts.Int("clk-tck", 100);
// After the timed runs, the idle platform's CPU is read this long: its background loops, not the wildcards' cost.
var idleWindow = TimeSpan.FromSeconds(opts.Int("idle-s", 3));
var work = opts.Get("work") ?? Directory.CreateTempSubdirectory("certsmith-wildcard-").FullName;
var setup = new BenchSetup(DateTime.UtcNow, Stats.LoadAverage(), nonceReject,
    pollDelay == "default" ? "Acme:PollInitialDelay at its default (200 ms)" : $"Acme:PollInitialDelay={pollDelay}", pollMs, warmup, serverSettings);

// SIGTERM/SIGINT (run.sh's clean-up, Ctrl+C) end the runs so that everything below is disposed: the platform, Pebble
// and Knot are stopped by this process, never left behind.
using var stop = new CancellationTokenSource();
using var onTerm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
using var onInt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);

var platformKey = KnotTsigKey.Generate("certsmith-platform");
var legoKey = KnotTsigKey.Generate("lego-bench");
Log($"starting Knot (primary + secondary) and Pebble; work directory {work}");
await using var knot = await KnotServer.StartAsync(new KnotOptions
{
    Keys = [platformKey, legoKey],
    Zones = [new KnotZone("wild.test") { UpdateKeys = [platformKey.Name] }, new KnotZone("lego.test") { UpdateKeys = [legoKey.Name] }],
}, stop.Token);
var primary = knot.Primary.ToString();

// Pebble 2.4.0 deadlocks under parallel load with Go's default GOMAXPROCS (bench/README.md); it inherits this.
Environment.SetEnvironmentVariable("GOMAXPROCS", "1");
await using var pebble = await PebbleServer.StartAsync(new PebbleOptions
{
    DnsServer = primary,
    AuthzReusePercent = 0,
    NonceRejectPercent = nonceReject,
}, stop.Token);
int[] knotPids = [.. knot.ProcessIds];

var secretFile = Path.Combine(work, "tsig.secret");
await File.WriteAllTextAsync(secretFile, platformKey.Secret);
File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
List<string> arguments =
[
    $"--Acme:DirectoryUrl={pebble.DirectoryUri}",
    $"--Acme:TrustBundle={pebble.ListenerRootCertificatePath}",
    "--Acme:IsTestCa=true",
    "--Acme:AcceptTermsOfService=true",
    "--Acme:RateLimits:Enabled=false",
    $"--Dns:Primary={primary}",
    $"--Dns:KeyName={platformKey.Name}",
    $"--Dns:Algorithm={platformKey.Algorithm}",
    $"--Dns:SecretFile={secretFile}",
    $"--Dns:Resolver={primary}",
    .. knot.AuthoritativeServers.Select((s, i) => string.Create(inv, $"--Dns:AuthoritativeServers:{i}={s}")),
    // The breakdown reads these lines (Timeline): UTC to the millisecond, one line each.
    "--Logging:Console:FormatterName=simple",
    "--Logging:Console:FormatterOptions:SingleLine=true",
    "--Logging:Console:FormatterOptions:UseUtcTimestamp=true",
    "--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ",
    "--Logging:LogLevel:Certsmith.Dns=Debug",
    "--Logging:LogLevel:Certsmith.Core.Issuance=Debug",
    "--Logging:LogLevel:System.Net.Http.HttpClient.acme.ClientHandler=Information",
];
if (pollDelay != "default")
{
    arguments.Add($"--Acme:PollInitialDelay={pollDelay}");
}
arguments.AddRange(serverSettings);

// The runtime's background JIT thread: its share of the platform's CPU is start-up cost, reported apart.
const string BackgroundJit = ".NET Tiered";
var certsmithRuns = new List<CertsmithRun>();
PhaseUsage certsmithUsage;
var failed = false;
await using (var server = await ServerProcess.StartAsync(opts.Require("server-dll"), Path.Combine(work, "platform"), arguments, stop.Token))
{
    Log($"platform {server.Id}: API {server.ApiUri}; Pebble {pebble.PebbleProcessId} at {pebble.DirectoryUri}; Knot {primary} + {knot.Secondary}");
    using var api = new WildcardApi(server.ApiUri, server.AdminToken);
    var tenant = await api.CreateTenantAsync("wildcard-bench");
    await api.AddHostedZoneAsync(tenant, "wild.test");
    var driver = new CertsmithRuns(server, api, tenant, TimeSpan.FromMilliseconds(pollMs), TimeSpan.FromSeconds(60), stop.Token);
    try
    {
        for (var i = 1; i <= warmup; i++)
        {
            var run = await driver.RunAsync(string.Create(inv, $"w{i}.wild.test"));
            Log($"Certsmith warm-up *.{run.Parent}: {run.TotalMs:F0} ms");
        }
        var timedStart = DateTime.UtcNow;
        var jit0 = Stats.ThreadCpuSeconds(server.Id, BackgroundJit, clkTck);
        var cpu0 = (Server: Stats.CpuSeconds([server.Id], clkTck), Pebble: Stats.CpuSeconds([pebble.PebbleProcessId], clkTck), Knot: Stats.CpuSeconds(knotPids, clkTck));
        for (var i = 1; i <= runs; i++)
        {
            var run = await driver.RunAsync(string.Create(inv, $"r{i}.wild.test"));
            certsmithRuns.Add(run);
            Log($"Certsmith *.{run.Parent}: {run.TotalMs:F0} ms");
        }
        var timed = (Seconds: (DateTime.UtcNow - timedStart).TotalSeconds, Cpu: Stats.CpuSeconds([server.Id], clkTck) - cpu0.Server);
        var jit = Stats.ThreadCpuSeconds(server.Id, BackgroundJit, clkTck) - jit0;
        var load = Stats.LoadAverage();
        var pebbleCpu = Stats.CpuSeconds([pebble.PebbleProcessId], clkTck) - cpu0.Pebble;
        var knotCpu = Stats.CpuSeconds(knotPids, clkTck) - cpu0.Knot;

        var idle0 = Stats.CpuSeconds([server.Id], clkTck);
        await Task.Delay(idleWindow, stop.Token);
        var idlePerSecond = (Stats.CpuSeconds([server.Id], clkTck) - idle0) / idleWindow.TotalSeconds;
        certsmithUsage = new PhaseUsage(timed.Cpu, pebbleCpu, knotCpu, load) { Seconds = timed.Seconds, JitCpuSeconds = jit, IdleCpuPerSecond = idlePerSecond, IdleSeconds = idleWindow.TotalSeconds };
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        Log("stopped");
        return 130;
    }
    catch (WildcardFailedException e)
    {
        await Console.Error.WriteLineAsync("A Certsmith wildcard failed: " + e.Message);
        failed = true;
        certsmithUsage = new PhaseUsage(double.NaN, double.NaN, double.NaN, Stats.LoadAverage());
    }
}

var lego = new LegoRuns(new LegoSettings(pebble.DirectoryUri, pebble.ListenerRootCertificatePath, primary, legoKey.Name + ".", legoKey.Secret, work), stop.Token);
var legoResults = new List<LegoRun>();
PhaseUsage legoUsage = new(0, 0, 0, Stats.LoadAverage());
if (legoRuns > 0 && !failed)
{
    for (var i = 1; i <= warmup; i++)
    {
        var run = await lego.RunAsync(string.Create(inv, $"w{i}.lego.test"));
        Log($"lego warm-up *.{run.Parent}: {run.WallMs:F0} ms");
    }
    var cpu0 = (Pebble: Stats.CpuSeconds([pebble.PebbleProcessId], clkTck), Knot: Stats.CpuSeconds(knotPids, clkTck));
    for (var i = 1; i <= legoRuns; i++)
    {
        var run = await lego.RunAsync(string.Create(inv, $"r{i}.lego.test"));
        legoResults.Add(run);
        Log($"lego *.{run.Parent}: {run.WallMs:F0} ms");
    }
    legoUsage = new PhaseUsage(legoResults.Sum(r => r.CpuSeconds), Stats.CpuSeconds([pebble.PebbleProcessId], clkTck) - cpu0.Pebble,
        Stats.CpuSeconds(knotPids, clkTck) - cpu0.Knot, Stats.LoadAverage());
}

var sampleLog = legoResults.Count > 0 ? await File.ReadAllTextAsync(legoResults[0].LogPath) : null;
var report = new Report(setup).Build(certsmithRuns, certsmithUsage, legoResults, legoUsage, sampleLog);
Console.Write(report);
if (opts.Get("report") is { } reportPath)
{
    await File.WriteAllTextAsync(reportPath, report);
}
return failed ? 1 : 0;

void Stop(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static void Log(string message) => Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} wildcard-bench: {message}");
