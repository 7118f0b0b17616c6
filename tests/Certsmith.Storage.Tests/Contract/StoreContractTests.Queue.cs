using System.Collections.Concurrent;
using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>The durable queue: one item per (kind, subject), leases that lapse, work changed only by its lessee.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Work_is_queued_once_per_kind_and_subject()
    {
        var subject = Guid.NewGuid();

        Assert.True(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct));
        Assert.False(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct));
        Assert.True(await Store.Queue.EnqueueAsync("other", subject, T0, Ct));

        var item = await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct);
        Assert.Equal(new WorkItem(item!.Id, WorkKinds.Issue, subject, T0, 0, null, null, null), item);
        Assert.Equal(2, (await Store.Queue.ListAsync(Ct)).Count);
        Assert.Null(await Store.Queue.FindAsync(WorkKinds.Issue, Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Enqueuing_again_moves_the_due_time_earlier_never_later()
    {
        var subject = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0.AddHours(1), Ct);

        Assert.False(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0.AddHours(2), Ct));
        Assert.Equal(T0.AddHours(1), (await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct))?.DueAt);

        Assert.False(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct));
        Assert.Equal(T0, (await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct))?.DueAt);
    }

    [Fact]
    public async Task Enqueuing_leaves_leased_work_alone()
    {
        var subject = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct);
        var leased = Assert.Single(await Store.Queue.LeaseAsync("node-a", T0.AddMinutes(1), Lease, 10, Ct));

        Assert.False(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0.AddMinutes(-10), Ct));

        Assert.Equal(leased, await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct));
    }

    [Fact]
    public async Task A_lease_takes_due_free_items_earliest_first_up_to_max()
    {
        var late = Guid.NewGuid();
        var early = Guid.NewGuid();
        var middle = Guid.NewGuid();
        var future = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, late, T0.AddMinutes(-1), Ct);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, early, T0.AddMinutes(-30), Ct);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, middle, T0.AddMinutes(-10), Ct);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, future, T0.AddMinutes(1), Ct);

        var leased = await Store.Queue.LeaseAsync("node-a", T0, Lease, 2, Ct);

        Assert.Equal([early, middle], leased.Select(i => i.SubjectId));
        Assert.All(leased, i => Assert.Equal(("node-a", (DateTimeOffset?)(T0 + Lease), 1), (i.LeaseOwner, i.LeaseUntil, i.Attempts)));
        Assert.Equal(leased[0], await Store.Queue.FindAsync(WorkKinds.Issue, early, Ct));
        Assert.Equal([late], (await Store.Queue.LeaseAsync("node-a", T0, Lease, 10, Ct)).Select(i => i.SubjectId));
        Assert.Equal([early, middle, late, future], (await Store.Queue.ListAsync(Ct)).Select(i => i.SubjectId));
        Assert.Empty(await Store.Queue.LeaseAsync("node-a", T0, Lease, 10, Ct));
        // The admin's view: the first ones only, and the counts of all.
        Assert.Equal([early, middle], (await Store.Queue.ListAsync(2, Ct)).Select(i => i.SubjectId));
        Assert.Equal(new QueueCounts(Total: 4, Due: 3, Leased: 3), await Store.Queue.CountAsync(T0, Ct));
        Assert.Equal(new QueueCounts(Total: 4, Due: 4, Leased: 0), await Store.Queue.CountAsync(T0 + Lease + TimeSpan.FromMinutes(1), Ct));
    }

    [Fact]
    public async Task A_leased_item_is_invisible_until_its_lease_lapses_then_another_node_takes_it()
    {
        var subject = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct);
        var first = Assert.Single(await Store.Queue.LeaseAsync("node-a", T0, Lease, 1, Ct));

        Assert.Empty(await Store.Queue.LeaseAsync("node-b", T0 + Lease - TimeSpan.FromMilliseconds(1), Lease, 1, Ct));
        var second = Assert.Single(await Store.Queue.LeaseAsync("node-b", T0 + Lease, Lease, 1, Ct));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(("node-b", 2), (second.LeaseOwner, second.Attempts));
        Assert.False(await Store.Queue.CompleteAsync(first.Id, "node-a", Ct));
        Assert.False(await Store.Queue.RescheduleAsync(first.Id, "node-a", T0.AddHours(1), "late", Ct));
        Assert.Equal(second, await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct));
    }

    [Fact]
    public async Task Only_the_lessee_completes_or_reschedules_work()
    {
        var subject = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0, Ct);
        var item = Assert.Single(await Store.Queue.LeaseAsync("node-a", T0, Lease, 1, Ct));

        Assert.False(await Store.Queue.RescheduleAsync(item.Id, "node-b", T0.AddHours(1), "not mine", Ct));
        Assert.False(await Store.Queue.CompleteAsync(item.Id, "node-b", Ct));
        Assert.True(await Store.Queue.RescheduleAsync(item.Id, "node-a", T0.AddHours(1), "validation failed", Ct));

        var rescheduled = await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct);
        Assert.Equal(new WorkItem(item.Id, WorkKinds.Issue, subject, T0.AddHours(1), 1, null, null, "validation failed"), rescheduled);
        Assert.False(await Store.Queue.CompleteAsync(item.Id, "node-a", Ct));
        Assert.Empty(await Store.Queue.LeaseAsync("node-a", T0.AddMinutes(59), Lease, 1, Ct));

        var again = Assert.Single(await Store.Queue.LeaseAsync("node-b", T0.AddHours(1), Lease, 1, Ct));
        Assert.Equal(2, again.Attempts);
        Assert.False(await Store.Queue.CompleteAsync(item.Id, "node-a", Ct));
        Assert.True(await Store.Queue.CompleteAsync(item.Id, "node-b", Ct));
        Assert.Null(await Store.Queue.FindAsync(WorkKinds.Issue, subject, Ct));
        Assert.True(await Store.Queue.EnqueueAsync(WorkKinds.Issue, subject, T0.AddHours(2), Ct));
    }

    [Fact]
    public async Task Two_nodes_leasing_at_once_never_get_the_same_item()
    {
        const int Items = 60;
        for (var i = 0; i < Items; i++)
        {
            await Store.Queue.EnqueueAsync(WorkKinds.Issue, Guid.NewGuid(), T0.AddSeconds(-i), Ct);
        }
        var nodes = new[] { ("node-a", Store), ("node-b", OpenAnotherNode()) };
        var taken = new ConcurrentBag<(string Owner, Guid Id)>();

        // Two lessees per node, each leasing a few at a time until the queue is drained.
        await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var leased = await node.Item2.Queue.LeaseAsync(node.Item1, T0, Lease, 3, Ct);
                if (leased.Count == 0)
                {
                    return;
                }
                foreach (var item in leased)
                {
                    Assert.Equal(node.Item1, item.LeaseOwner);
                    taken.Add((node.Item1, item.Id));
                }
            }
        }))));

        Assert.Equal(Items, taken.Count);
        Assert.Equal(Items, taken.Select(t => t.Id).Distinct().Count());
        Assert.All(await Store.Queue.ListAsync(Ct), i => Assert.Equal(1, i.Attempts));
    }
}
