using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task A_restarted_node_takes_back_only_its_own_leases_at_once()
    {
        var mine = Guid.NewGuid();
        var theirs = Guid.NewGuid();
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, mine, T0, Ct);
        await Store.Queue.EnqueueAsync(WorkKinds.Issue, theirs, T0, Ct);
        Assert.Single(await Store.Queue.LeaseAsync("node-a", T0, Lease, 1, Ct));
        Assert.Single(await Store.Queue.LeaseAsync("node-b", T0, Lease, 1, Ct));

        var released = await Store.Queue.ReleaseLeasesAsync("node-a", Ct);
        var again = await Store.Queue.LeaseAsync("node-a", T0, Lease, 10, Ct);

        Assert.Equal(1, released);
        Assert.Single(again);
        Assert.Equal("node-a", again[0].LeaseOwner);
        Assert.Equal("node-b", (await Store.Queue.ListAsync(Ct)).Single(i => i.Id != again[0].Id).LeaseOwner);
    }
}
