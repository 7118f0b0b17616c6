// The Certsmith side of the issuance benchmark (bench/issuance/run.sh drives it).
//   keygen <pem-path>            writes a new ES256 account key as PKCS#8 PEM, prints its JWK thumbprint
//   run --directory <url> --pin <pem> --account-key <pem> --n <N> --concurrency <C> [--poll-ms <ms>]
//       [--pebble-pid <pid>] [--responder-pid <pid>] [--dns-pid <pid>] [--clk-tck <hz>] [--prefix b]
//       [--results <file>]
// "run" creates the account, then issues N single-name ECDSA P-256 certificates (names
// <prefix><i>.bench.example) with HTTP-01 at concurrency C over one HttpClient, checks every chain's
// leaf names the requested name, and prints key=value results (also to --results).
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;
using Certsmith.Bench.Issuance;

var inv = CultureInfo.InvariantCulture;

if (args is ["keygen", var keyPath])
{
    using var key = AcmeKey.CreateEs256();
    await File.WriteAllTextAsync(keyPath, key.ExportPrivateKeyPem());
    Console.WriteLine(key.Thumbprint);
    return 0;
}
if (args.Length == 0 || args[0] != "run")
{
    await Console.Error.WriteLineAsync("usage: Certsmith.Bench.Issuance keygen <pem> | run --directory <url> --pin <pem> --account-key <pem> --n <N> --concurrency <C> ...");
    return 2;
}

var opts = Options.Parse(args.AsSpan(1));
var n = opts.Int("n", 3000);
var concurrency = opts.Int("concurrency", 32);
var pollMs = opts.Int("poll-ms", 200);
var prefix = opts.Get("prefix") ?? "b";
var clkTck = opts.Int("clk-tck", 100);
var pebblePid = opts.Int("pebble-pid", 0);
var responderPid = opts.Int("responder-pid", 0);
var dnsPid = opts.Int("dns-pid", 0);

// Trust exactly the certificate Pebble's HTTPS listener was started with (pinned by its SHA-256).
using var pinned = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(opts.Require("pin")));
var pinnedHash = pinned.GetCertHash(HashAlgorithmName.SHA256);
var counter = new CountingHandler(new SocketsHttpHandler
{
    MaxConnectionsPerServer = Math.Max(concurrency * 2, 16),
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    SslOptions =
    {
        RemoteCertificateValidationCallback = (_, cert, _, _) =>
            cert is not null && CryptographicOperations.FixedTimeEquals(cert.GetCertHash(HashAlgorithmName.SHA256), pinnedHash),
    },
});
using var http = new HttpClient(counter, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

using var accountKey = AcmeKey.FromPem(await File.ReadAllTextAsync(opts.Require("account-key")));
var client = new AcmeClient(http, accountKey, new AcmeClientOptions
{
    DirectoryUri = new Uri(opts.Require("directory")),
    PollInitialDelay = TimeSpan.FromMilliseconds(pollMs),
});
await client.CreateAccountAsync(new NewAccountRequest { TermsOfServiceAgreed = true, Contacts = ["mailto:bench@example.org"] });

var self = Process.GetCurrentProcess();
GC.Collect();
counter.Reset();
var cpu0 = self.TotalProcessorTime;
var user0 = self.UserProcessorTime;
var pebble0 = ProcStat.CpuSeconds(pebblePid, clkTck);
var responder0 = ProcStat.CpuSeconds(responderPid, clkTck);
var dns0 = ProcStat.CpuSeconds(dnsPid, clkTck);
var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
var alloc0 = GC.GetTotalAllocatedBytes();
var wall = Stopwatch.StartNew();

var next = -1;
var issued = 0;
var verified = 0;
var failures = new ConcurrentQueue<string>();
var latencies = new double[n];
async Task Worker()
{
    while (true)
    {
        var i = Interlocked.Increment(ref next);
        if (i >= n)
        {
            return;
        }
        var name = string.Create(inv, $"{prefix}{i}.bench.example");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)] });
            foreach (var url in order.Authorizations)
            {
                var authz = await client.GetAuthorizationAsync(url);
                var challenge = authz.FindChallenge(AcmeChallenge.Http01)
                    ?? throw new InvalidOperationException($"No http-01 challenge for {name}.");
                await client.ValidateAsync(authz, challenge);
            }
            using var key = CertificateKey.Generate();
            var chain = await client.CompleteOrderAsync(order, key);
            Interlocked.Increment(ref issued);
            try
            {
                if (Names(chain.Leaf).Contains(name) && chain.Leaf.GetECDsaPublicKey() is { } leafKey && SameKey(leafKey, key))
                {
                    Interlocked.Increment(ref verified);
                }
                else
                {
                    failures.Enqueue($"{name}: leaf does not name it or has another key");
                }
            }
            finally
            {
                foreach (var c in chain.Certificates)
                {
                    c.Dispose();
                }
            }
        }
        catch (Exception e)
        {
            failures.Enqueue($"{name}: {e.GetType().Name}: {e.Message}");
        }
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}

var workers = new Task[concurrency];
for (var w = 0; w < concurrency; w++)
{
    workers[w] = Task.Run(Worker);
}
await Task.WhenAll(workers);
wall.Stop();

var cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
var user = (self.UserProcessorTime - user0).TotalSeconds;
var pebbleCpu = ProcStat.CpuSeconds(pebblePid, clkTck) - pebble0;
var responderCpu = ProcStat.CpuSeconds(responderPid, clkTck) - responder0;
var dnsCpu = ProcStat.CpuSeconds(dnsPid, clkTck) - dns0;
self.Refresh();
Array.Sort(latencies);
var seconds = wall.Elapsed.TotalSeconds;

var results = new List<(string Key, string Value)>
{
    ("n", n.ToString(inv)),
    ("concurrency", concurrency.ToString(inv)),
    ("poll_ms", pollMs.ToString(inv)),
    ("issued", issued.ToString(inv)),
    ("verified", verified.ToString(inv)),
    ("failed", failures.Count.ToString(inv)),
    ("wall_s", seconds.ToString("F2", inv)),
    ("certs_per_min", (issued / seconds * 60).ToString("F0", inv)),
    ("latency_p50_ms", Percentile(latencies, 0.50).ToString("F0", inv)),
    ("latency_p95_ms", Percentile(latencies, 0.95).ToString("F0", inv)),
    ("latency_max_ms", latencies[^1].ToString("F0", inv)),
    ("client_cpu_s", cpu.ToString("F2", inv)),
    ("client_cpu_ms_per_cert", (cpu * 1000 / n).ToString("F2", inv)),
    ("client_cpu_user_kernel_s", string.Create(inv, $"{user:F2}/{cpu - user:F2}")),
    ("client_cpu_total_process_s", self.TotalProcessorTime.TotalSeconds.ToString("F2", inv)),
    ("client_peak_ws_mb", (self.PeakWorkingSet64 / 1048576.0).ToString("F0", inv)),
    ("client_alloc_kb_per_cert", ((GC.GetTotalAllocatedBytes() - alloc0) / 1024.0 / n).ToString("F0", inv)),
    ("client_gc_gen0_gen1_gen2", $"{GC.CollectionCount(0) - gc0.Item1}/{GC.CollectionCount(1) - gc0.Item2}/{GC.CollectionCount(2) - gc0.Item3}"),
    ("pebble_cpu_s", pebbleCpu.ToString("F2", inv)),
    ("pebble_cpu_ms_per_cert", (pebbleCpu * 1000 / n).ToString("F2", inv)),
    ("pebble_peak_rss_mb", (ProcStat.VmHwmKb(pebblePid) / 1024.0).ToString("F0", inv)),
    ("responder_cpu_ms_per_cert", (responderCpu * 1000 / n).ToString("F2", inv)),
    ("dns_cpu_ms_per_cert", (dnsCpu * 1000 / n).ToString("F2", inv)),
    ("requests_per_cert", (counter.Total / (double)n).ToString("F2", inv)),
    ("requests_by_kind_per_cert", counter.Describe(n)),
    ("polls_per_cert", ((counter.Count("authZ") + counter.Count("my-order") - 2.0 * n) / n).ToString("F2", inv)),
};
var text = new StringBuilder();
foreach (var (k, v) in results)
{
    text.Append(k).Append('=').Append(v).Append('\n');
}
foreach (var f in failures.Take(10))
{
    text.Append("failure=").Append(f.ReplaceLineEndings(" ")).Append('\n');
}
Console.Write(text.ToString());
if (opts.Get("results") is { } resultsPath)
{
    await File.WriteAllTextAsync(resultsPath, text.ToString());
}
return verified == n ? 0 : 1;

static HashSet<string> Names(X509Certificate2 leaf)
{
    var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    foreach (var ext in leaf.Extensions)
    {
        if (ext is X509SubjectAlternativeNameExtension san)
        {
            foreach (var dns in san.EnumerateDnsNames())
            {
                names.Add(dns);
            }
        }
    }
    return names;
}

static bool SameKey(ECDsa leafKey, CertificateKey key)
{
    using (leafKey)
    {
        return leafKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(((ECDsa)key.Key).ExportSubjectPublicKeyInfo());
    }
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
