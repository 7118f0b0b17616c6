using System.Diagnostics;
using Certsmith.Dns.Tests.Support;
using Xunit.Abstractions;

namespace Certsmith.Dns.Tests.Writer;

public sealed class ChallengeRecordTests(PlatformDns dns, ITestOutputHelper output) : IClassFixture<PlatformDns>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_added_record_is_answered_by_primary_and_secondary_and_a_removed_one_by_neither()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = await writer.LocateAsync($"{PlatformDns.Unique("shop")}.{PlatformDns.Hosted}", cts.Token);

        var clock = Stopwatch.StartNew();
        await writer.AddTxtAsync(target, "digest-1", cts.Token);
        await writer.WaitForPropagationAsync(target, "digest-1", cts.Token);
        output.WriteLine($"add + propagation to both servers: {clock.ElapsedMilliseconds} ms");

        // The wait returned, so both servers answer now, without polling.
        Assert.Equal(["digest-1"], (await dns.Knot.QueryAsync(dns.Knot.Primary, target.RecordName, "TXT", cts.Token)).DataOf("TXT"));
        Assert.Equal(["digest-1"], (await dns.Knot.QueryAsync(dns.Knot.Secondary!, target.RecordName, "TXT", cts.Token)).DataOf("TXT"));

        await writer.RemoveTxtAsync(target, "digest-1", cts.Token);

        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token));
        await Eventually.HoldsAsync(
            async ct => (await dns.Knot.QueryAsync(dns.Knot.Secondary!, target.RecordName, "TXT", ct)).Answers.Count == 0,
            TimeSpan.FromSeconds(5),
            () => $"the secondary still answers {target.RecordName}\n{dns.Knot.Log}");
    }

    [Fact]
    public async Task Adding_a_value_twice_leaves_one_record_and_removing_it_twice_succeeds()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = PlatformDns.HostedTarget($"{PlatformDns.Unique("twice")}.{PlatformDns.Hosted}");

        await writer.AddTxtAsync(target, "same", cts.Token);
        await writer.AddTxtAsync(target, "same", cts.Token);

        Assert.Single(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token));

        await writer.RemoveTxtAsync(target, "same", cts.Token);
        await writer.RemoveTxtAsync(target, "same", cts.Token);

        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token));
    }

    [Fact]
    public async Task Removing_one_value_leaves_another_order_s_value_at_the_same_name()
    {
        // A wildcard and its parent name validate at the same _acme-challenge name with different values.
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = PlatformDns.HostedTarget($"{PlatformDns.Unique("both")}.{PlatformDns.Hosted}");
        await writer.AddTxtAsync(target, "for-wildcard", cts.Token);
        await writer.AddTxtAsync(target, "for-parent", cts.Token);

        await writer.RemoveTxtAsync(target, "for-wildcard", cts.Token);

        var left = await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token);
        Assert.Equal(["\"for-parent\""], left.Select(r => r.Data));
        await writer.RemoveTxtAsync(target, "for-parent", cts.Token);
    }

    [Fact]
    public async Task Records_are_written_with_the_configured_ttl()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer(dns.Options() with { RecordTtl = TimeSpan.FromSeconds(17) });
        var target = PlatformDns.HostedTarget($"{PlatformDns.Unique("ttl")}.{PlatformDns.Hosted}");

        await writer.AddTxtAsync(target, "v", cts.Token);

        Assert.Equal([17], (await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token)).Select(r => r.Ttl));
        await writer.RemoveTxtAsync(target, "v", cts.Token);
    }

    [Fact]
    public async Task A_key_with_hmac_sha512_writes_and_removes_records()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer(dns.Options(dns.Sha512Key));
        var target = await writer.LocateAsync($"{PlatformDns.Unique("sha512")}.{PlatformDns.Hosted}", cts.Token);

        await writer.CheckWritableAsync(target, cts.Token);
        await writer.AddTxtAsync(target, "signed-with-512", cts.Token);
        await writer.WaitForPropagationAsync(target, "signed-with-512", cts.Token);
        await writer.RemoveTxtAsync(target, "signed-with-512", cts.Token);

        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, "TXT", cts.Token));
    }

    [Fact]
    public async Task CheckWritableAsync_passes_on_a_writable_zone_and_changes_nothing()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = await writer.LocateAsync($"{PlatformDns.Unique("probe")}.{PlatformDns.Hosted}", cts.Token);
        var before = await dns.Knot.QueryAsync(dns.Knot.Primary, PlatformDns.Hosted, "SOA", cts.Token);

        await writer.CheckWritableAsync(target, cts.Token);

        var after = await dns.Knot.QueryAsync(dns.Knot.Primary, PlatformDns.Hosted, "SOA", cts.Token);
        Assert.Equal(before.DataOf("SOA"), after.DataOf("SOA"));
        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, null, cts.Token));
    }

    [Fact]
    public async Task A_challenge_delegated_by_CNAME_is_written_in_the_platform_challenge_zone_and_propagates()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = await writer.LocateAsync("www.elsewhere.test", cts.Token);

        await writer.CheckWritableAsync(target, cts.Token);
        await writer.AddTxtAsync(target, "delegated", cts.Token);
        await writer.WaitForPropagationAsync(target, "delegated", cts.Token);

        // What the CA sees: it asks for _acme-challenge.www.elsewhere.test and follows the CNAME.
        var answer = await dns.Knot.QueryAsync(dns.Knot.Secondary!, "abc.challenges.platform.test", "TXT", cts.Token);
        Assert.Equal(["delegated"], answer.DataOf("TXT"));
        await writer.RemoveTxtAsync(target, "delegated", cts.Token);
        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.ChallengeZone, null, "TXT", cts.Token));
    }

    [Fact]
    public async Task Many_records_written_at_once_all_arrive_and_all_leave()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var targets = Enumerable.Range(0, 10)
            .Select(i => PlatformDns.HostedTarget($"{PlatformDns.Unique($"many{i}")}.{PlatformDns.Hosted}"))
            .ToList();

        await Task.WhenAll(targets.Select(t => writer.AddTxtAsync(t, "v-" + t.Name, cts.Token)));
        await Task.WhenAll(targets.Select(t => writer.WaitForPropagationAsync(t, "v-" + t.Name, cts.Token)));
        await Task.WhenAll(targets.Select(t => writer.RemoveTxtAsync(t, "v-" + t.Name, cts.Token)));

        var left = await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, null, "TXT", cts.Token);
        Assert.DoesNotContain(left, r => targets.Any(t => t.RecordName == r.Owner));
    }
}
