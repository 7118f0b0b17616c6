using System.Diagnostics;
using Certsmith.Core.Security;
using Certsmith.Edge;
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
            if (line == "mem")
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
}
