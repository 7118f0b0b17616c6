using Certsmith.Core.Events;
using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Events_get_increasing_ids_and_list_oldest_first_of_the_newest_max()
    {
        var tenant = Guid.NewGuid();
        var certificate = Guid.NewGuid();
        for (var i = 0; i < 5; i++)
        {
            await Store.Events.AppendAsync(new PlatformEvent(0, tenant, certificate, null, T0.AddSeconds(i), "order.step", $"step {i}"), Ct);
        }

        var all = await Store.Events.ListAsync(certificate, null, 100, Ct);
        Assert.Equal(["step 0", "step 1", "step 2", "step 3", "step 4"], all.Select(e => e.Message));
        Assert.Equal(all.Select(e => e.Id).Order(), all.Select(e => e.Id));
        Assert.Equal(5, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(new PlatformEvent(all[2].Id, tenant, certificate, null, T0.AddSeconds(2), "order.step", "step 2"), all[2]);

        Assert.Equal(["step 3", "step 4"], (await Store.Events.ListAsync(certificate, null, 2, Ct)).Select(e => e.Message));
        Assert.Empty(await Store.Events.ListAsync(certificate, null, 0, Ct));
    }

    [Fact]
    public async Task Events_are_listed_for_a_certificate_an_address_either_or_all()
    {
        var tenant = Guid.NewGuid();
        var certificate = Guid.NewGuid();
        var address = Guid.NewGuid();
        await Store.Events.AppendAsync(new PlatformEvent(0, tenant, null, address, T0, "policy.single", "address added"), Ct);
        await Store.Events.AppendAsync(new PlatformEvent(0, tenant, certificate, address, T0, "policy.assigned", "assigned"), Ct);
        await Store.Events.AppendAsync(new PlatformEvent(0, tenant, certificate, null, T0, "certificate.issued", "issued"), Ct);
        await Store.Events.AppendAsync(new PlatformEvent(0, tenant, Guid.NewGuid(), Guid.NewGuid(), T0, "certificate.issued", "someone else's"), Ct);

        Assert.Equal(["assigned", "issued"], (await Store.Events.ListAsync(certificate, null, 10, Ct)).Select(e => e.Message));
        Assert.Equal(["address added", "assigned"], (await Store.Events.ListAsync(null, address, 10, Ct)).Select(e => e.Message));
        Assert.Equal(["address added", "assigned", "issued"], (await Store.Events.ListAsync(certificate, address, 10, Ct)).Select(e => e.Message));
        Assert.Equal(4, (await Store.Events.ListAsync(null, null, 10, Ct)).Count);
        Assert.Empty(await Store.Events.ListAsync(Guid.NewGuid(), null, 10, Ct));
    }

    [Fact]
    public async Task The_acme_account_of_a_ca_is_saved_replaced_and_read_back()
    {
        var directory = new Uri("https://127.0.0.1:14000/dir");
        Assert.Null(await Store.Acme.GetAccountAsync(directory, Ct));

        await Store.Acme.SaveAccountAsync(new AcmeAccountRecord(directory, new Uri("https://127.0.0.1:14000/my-account/1"), [1, 2, 3], T0), Ct);
        await Store.Acme.SaveAccountAsync(new AcmeAccountRecord(directory, new Uri("https://127.0.0.1:14000/my-account/2"), [4, 5], T0.AddDays(1)), Ct);

        var account = await Store.Acme.GetAccountAsync(directory, Ct);
        Assert.NotNull(account);
        Assert.Equal((directory, new Uri("https://127.0.0.1:14000/my-account/2"), T0.AddDays(1)), (account.DirectoryUrl, account.AccountUrl, account.CreatedAt));
        Assert.Equal([4, 5], account.ProtectedKey);
        Assert.Null(await Store.Acme.GetAccountAsync(new Uri("https://acme-v02.api.letsencrypt.org/directory"), Ct));
    }

    [Fact]
    public async Task A_challenge_answer_is_served_until_it_expires_or_is_withdrawn()
    {
        var answer = new ChallengeAnswer("tok-1", "tok-1.thumbprint", T0.AddMinutes(10));
        await Store.Acme.PutChallengeAnswerAsync(answer, Ct);

        Assert.Equal(answer, await Store.Acme.GetChallengeAnswerAsync("tok-1", T0, Ct));
        Assert.Equal(answer, await Store.Acme.GetChallengeAnswerAsync("tok-1", T0.AddMinutes(10).AddMilliseconds(-1), Ct));
        Assert.Null(await Store.Acme.GetChallengeAnswerAsync("tok-1", T0.AddMinutes(10), Ct));
        Assert.Null(await Store.Acme.GetChallengeAnswerAsync("tok-2", T0, Ct));

        var replaced = answer with { KeyAuthorization = "tok-1.other", ExpiresAt = T0.AddMinutes(20) };
        await Store.Acme.PutChallengeAnswerAsync(replaced, Ct);
        Assert.Equal(replaced, await Store.Acme.GetChallengeAnswerAsync("tok-1", T0.AddMinutes(15), Ct));

        await Store.Acme.RemoveChallengeAnswerAsync("tok-1", Ct);
        Assert.Null(await Store.Acme.GetChallengeAnswerAsync("tok-1", T0, Ct));
        await Store.Acme.RemoveChallengeAnswerAsync("tok-1", Ct);
    }
}
