using System.Diagnostics;
using Certsmith.Core.Security;
using Certsmith.Edge;
using Certsmith.Edge.Certificates;
using Certsmith.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Bench.EdgeScale;

/// <summary>The edge over a prepared store, as a front server runs it, plus a memory probe on stdin.</summary>
internal static class Serve
{
    public static async Task<int> RunAsync(string dir, int port)
    {
        var started = Stopwatch.StartNew();
        var keyFile = Path.Combine(dir, "master.key");
        var masterKey = File.Exists(keyFile) ? await File.ReadAllBytesAsync(keyFile) : new byte[32];
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = Path.Combine(dir, "store.db") });
        await store.MigrateAsync(CancellationToken.None);
        var options = new EdgeOptions { HttpPort = 0, HttpsPort = port, UnknownNameMode = UnknownNameMode.Refuse };
        await using var edge = await EdgeServer.StartAsync(store, new MasterKeyProtector(masterKey), TimeProvider.System, NullLoggerFactory.Instance, options, CancellationToken.None);
        Console.WriteLine($"started {started.Elapsed.TotalMilliseconds:F0} ms, {edge.Snapshot.CertificateCount} certificates, {edge.Snapshot.HostCount} names");
        while (await Console.In.ReadLineAsync() is { } line && line != "quit")
        {
            if (line.StartsWith("change ", StringComparison.Ordinal))
            {
                Console.WriteLine(await ChangeAsync(store, edge, line["change ".Length..]));
            }
            else if (line == "mem")
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect();
                using var self = Process.GetCurrentProcess();
                Console.WriteLine($"mem gc={GC.GetTotalMemory(false)} ws={self.WorkingSet64}");
            }
        }
        return 0;
    }

    /// <summary>
    /// Retires the certificate of <paramref name="name"/> in the store, then restores it (a new version, as a
    /// renewal makes), and times each until the edge's snapshot shows it: the poll interval plus an incremental apply.
    /// </summary>
    private static async Task<string> ChangeAsync(SqliteStore store, EdgeServer edge, string name)
    {
        var ct = CancellationToken.None;
        var address = await store.Sites.FindAddressAsync(Core.Names.DnsName.Parse(name), ct) ?? throw new InvalidOperationException($"no address {name}");
        var assignment = await store.Certificates.GetAssignmentAsync(address.Id, ct) ?? throw new InvalidOperationException($"{name} has no certificate");
        var record = await store.Certificates.GetCertificateAsync(assignment.CertificateId, ct) ?? throw new InvalidOperationException("no certificate");
        var watch = Stopwatch.StartNew();
        var retired = await store.Certificates.UpdateCertificateAsync(record with { State = Core.Certificates.CertificateState.Retired }, ct);
        var retireMs = await UntilAsync(() => edge.Snapshot.Select(name, DateTimeOffset.UtcNow).Reason != SelectionReason.Assigned, watch);
        watch.Restart();
        await store.Certificates.UpdateCertificateAsync(retired with { State = Core.Certificates.CertificateState.Valid }, ct);
        var restoreMs = await UntilAsync(() => edge.Snapshot.Select(name, DateTimeOffset.UtcNow).Reason == SelectionReason.Assigned, watch);
        return $"change retire_ms={retireMs:F0} restore_ms={restoreMs:F0}";
    }

    private static async Task<double> UntilAsync(Func<bool> condition, Stopwatch watch)
    {
        while (!condition() && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1);
        }
        return watch.Elapsed.TotalMilliseconds;
    }
}
