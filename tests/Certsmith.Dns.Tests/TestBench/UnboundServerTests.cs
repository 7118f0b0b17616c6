using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Certsmith.Dns.Tests.TestBench;

public sealed class UnboundServerTests(ResolverBench bench) : IClassFixture<ResolverBench>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Unbound's first retransmit timeout for a server it has not timed yet is 376 ms, so an answer it resolved in under
    /// 100 ms came without waiting on any server (it takes about a tenth of a millisecond).
    /// </summary>
    private static readonly TimeSpan WithoutWaiting = TimeSpan.FromMilliseconds(100);

    /// <summary>How long unbound's log line for an answer may take to reach the test process.</summary>
    private static readonly TimeSpan LogDeadline = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_TXT_query_follows_the_CNAME_from_one_zone_into_the_other_as_Knot_alone_does_not()
    {
        using var cts = new CancellationTokenSource(Deadline);
        const string name = "_acme-challenge.elsewhere.test";

        var resolved = await bench.Unbound.QueryAsync(name, "TXT", cts.Token);
        var authoritative = await bench.Knot.QueryAsync(bench.Knot.Primary, name, "TXT", cts.Token);

        Assert.True(resolved.ReturnCode == "NOERROR", $"{resolved}\n{bench.Logs}");
        Assert.Equal(
            [new KnotRecord(name, 0, "CNAME", "abc.challenges.platform.test."), new KnotRecord("abc.challenges.platform.test", 0, "TXT", "token-abc")],
            resolved.Answers);
        Assert.Equal(["abc.challenges.platform.test."], authoritative.DataOf("CNAME"));
        Assert.Empty(authoritative.DataOf("TXT"));
    }

    [Fact]
    public async Task Records_added_and_removed_on_Knot_show_in_the_very_next_answer()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var label = ResolverBench.Unique("cached");
        var name = $"_acme-challenge.{label}.{ResolverBench.Elsewhere}";
        var target = $"{label}.{ResolverBench.ChallengeZone}";
        await bench.Knot.AddRecordAsync(ResolverBench.Elsewhere, name, "CNAME", target + ".", 60, cts.Token);
        Assert.Equal("NXDOMAIN", (await bench.Unbound.QueryAsync(name, "TXT", cts.Token)).ReturnCode);

        // No polling: each query follows the change at once, several times within the same second, both ways.
        for (var round = 1; round <= 5; round++)
        {
            var token = $"token-{round}";
            await bench.Knot.AddRecordAsync(ResolverBench.ChallengeZone, target, "TXT", $"\"{token}\"", 60, cts.Token);
            var added = await bench.Unbound.QueryAsync(name, "TXT", cts.Token);
            Assert.True(added.DataOf("TXT") is [var seen] && seen == token, $"round {round}, after adding: {Describe(added)}\n{bench.Logs}");

            await bench.Knot.RemoveRecordsAsync(ResolverBench.ChallengeZone, target, "TXT", cts.Token);
            var removed = await bench.Unbound.QueryAsync(name, "TXT", cts.Token);
            Assert.True(removed.DataOf("TXT").Count == 0, $"round {round}, after removing: {Describe(removed)}\n{bench.Logs}");
            Assert.Equal([target + "."], removed.DataOf("CNAME"));
        }
    }

    [Fact]
    public async Task A_name_outside_the_zones_fails_without_waiting_on_any_server()
    {
        using var cts = new CancellationTokenSource(Deadline);

        await AssertFailsAtOnceAsync($"{ResolverBench.Unique("www")}.example.com", "A", "REFUSED");
        await AssertFailsAtOnceAsync($"{ResolverBench.Unique("not-a-zone")}.test", "TXT", "REFUSED");

        // The CNAME leads out of the zones; the root servers are never asked.
        await AssertFailsAtOnceAsync("_acme-challenge.away.elsewhere.test", "TXT", "SERVFAIL");

        // Timed by unbound itself: the test process's own clock also counts its thread pool's pauses.
        async Task AssertFailsAtOnceAsync(string name, string type, string returnCode)
        {
            var answer = await bench.Unbound.QueryAsync(name, type, cts.Token);
            Assert.True(answer.ReturnCode == returnCode, $"{type} {name}: {Describe(answer)}\n{bench.Logs}");
            var took = await ResolveTimeAsync(name, type, returnCode);
            Assert.True(took < WithoutWaiting, $"unbound took {took.TotalMilliseconds} ms to answer {type} {name}.\n{bench.Logs}");
        }
    }

    [Fact]
    public async Task Dispose_leaves_no_unbound_process_and_no_directory()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var unbound = await UnboundServer.StartAsync(bench.Knot.Primary, ResolverBench.Zones, cts.Token);
        var processId = unbound.ProcessId;
        var directory = unbound.WorkDirectory;
        Assert.True(IsRunning(processId));
        Assert.True(File.Exists(Path.Combine(directory, "unbound.conf")));

        await unbound.DisposeAsync();

        Assert.False(Directory.Exists(directory), unbound.Log);
        Assert.False(IsRunning(processId), $"unbound {processId} still runs.\n{unbound.Log}");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => unbound.QueryAsync("elsewhere.test", "SOA", cts.Token));
    }

    [Fact]
    public async Task Invalid_arguments_list_every_problem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => UnboundServer.StartAsync(
            new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53), ["bad zone.", "a.test", "A.test"], CancellationToken.None));

        Assert.Contains("192.0.2.53:53", error.Message, StringComparison.Ordinal);
        Assert.Contains("'bad zone.'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a.test' is listed more than once", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The time unbound spent on its last answer to <paramref name="name"/>, from the line <c>log-replies</c> writes
    /// (unbound.conf(5): client address, name, type, class, return code, time to resolve, from cache, size).
    /// </summary>
    private async Task<TimeSpan> ResolveTimeAsync(string name, string type, string returnCode)
    {
        var marker = $" {name}. {type} IN {returnCode} ";
        using var deadline = new CancellationTokenSource(LogDeadline);
        while (true)
        {
            var line = bench.Unbound.Log.Split('\n').LastOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null)
            {
                var seconds = line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Split(' ')[0];
                return TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture));
            }

            try
            {
                await Task.Delay(10, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"unbound logged no reply '{marker.Trim()}' within {LogDeadline.TotalSeconds} s.\n{bench.Logs}");
            }
        }
    }

    private static string Describe(KnotAnswer answer) =>
        $"{answer.ReturnCode} [{string.Join("; ", answer.Answers.Select(a => $"{a.Owner} {a.Ttl} {a.Type} {a.Data}"))}]";

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
