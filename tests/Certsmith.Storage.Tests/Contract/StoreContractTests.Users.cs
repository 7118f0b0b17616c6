using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Users_are_found_by_email_whatever_its_case_and_listed_per_tenant()
    {
        var acme = await AddTenantAsync("acme");
        var alice = new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "hash-a", T0, null);
        var bob = new User(Guid.NewGuid(), acme.Id, "bob@acme.example", "hash-b", T0, null);
        var admin = new User(Guid.NewGuid(), null, "ops@provider.example", "hash-o", T0, null);
        await Store.Tenants.AddUserAsync(bob, Ct);
        await Store.Tenants.AddUserAsync(alice, Ct);
        await Store.Tenants.AddUserAsync(admin, Ct);

        Assert.Equal(alice, await Store.Tenants.FindUserByEmailAsync("Alice@ACME.example", Ct));
        Assert.Equal([alice, bob], await Store.Tenants.ListUsersAsync(acme.Id, Ct));
        Assert.Equal([admin], await Store.Tenants.ListUsersAsync(null, Ct));
        Assert.Null(await Store.Tenants.FindUserByEmailAsync("carol@acme.example", Ct));
    }

    [Fact]
    public async Task An_email_address_already_in_use_is_a_conflict_even_in_another_case_or_tenant()
    {
        var acme = await AddTenantAsync("acme");
        var other = await AddTenantAsync("other");
        await Store.Tenants.AddUserAsync(new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "h", T0, null), Ct);

        var e = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.Tenants.AddUserAsync(new User(Guid.NewGuid(), other.Id, "ALICE@acme.example", "h", T0, null), Ct));

        Assert.DoesNotContain("acme", e.Message.Replace("@acme.example", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Empty(await Store.Tenants.ListUsersAsync(other.Id, Ct));
    }

    [Fact]
    public async Task A_user_is_disabled_once_and_an_unknown_user_is_not()
    {
        var acme = await AddTenantAsync("acme");
        var alice = new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "h", T0, null);
        await Store.Tenants.AddUserAsync(alice, Ct);

        Assert.True(await Store.Tenants.DisableUserAsync(alice.Id, T0.AddHours(1), Ct));
        Assert.True(await Store.Tenants.DisableUserAsync(alice.Id, T0.AddHours(2), Ct));
        Assert.False(await Store.Tenants.DisableUserAsync(Guid.NewGuid(), T0, Ct));
        Assert.Equal(T0.AddHours(1), (await Store.Tenants.FindUserByEmailAsync(alice.Email, Ct))!.DisabledAt);
    }

    [Fact]
    public async Task A_user_is_read_by_id_with_its_session_stamp_and_an_unknown_id_is_null()
    {
        var acme = await AddTenantAsync("acme");
        var alice = new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "h", T0, null);
        var bob = new User(Guid.NewGuid(), acme.Id, "bob@acme.example", "h", T0, null);
        await Store.Tenants.AddUserAsync(alice, Ct);
        await Store.Tenants.AddUserAsync(bob, Ct);

        var read = await Store.Tenants.GetUserAsync(alice.Id, Ct);

        Assert.Equal(alice, read);
        Assert.Equal(alice.SessionStamp, read!.SessionStamp);
        Assert.NotEqual(alice.SessionStamp, bob.SessionStamp);
        Assert.Null(await Store.Tenants.GetUserAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task New_credentials_replace_the_hash_and_the_stamp_of_that_user_only()
    {
        var acme = await AddTenantAsync("acme");
        var alice = new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "old-hash", T0, null);
        var bob = new User(Guid.NewGuid(), acme.Id, "bob@acme.example", "bobs-hash", T0, null);
        await Store.Tenants.AddUserAsync(alice, Ct);
        await Store.Tenants.AddUserAsync(bob, Ct);

        Assert.True(await Store.Tenants.UpdateUserCredentialsAsync(alice.Id, "new-hash", "new-stamp", Ct));

        Assert.Equal(alice with { PasswordHash = "new-hash", SessionStamp = "new-stamp" }, await Store.Tenants.GetUserAsync(alice.Id, Ct));
        Assert.Equal(bob, await Store.Tenants.GetUserAsync(bob.Id, Ct));
        Assert.False(await Store.Tenants.UpdateUserCredentialsAsync(Guid.NewGuid(), "x", "y", Ct));
    }

    [Fact]
    public async Task A_new_session_stamp_keeps_the_password_hash()
    {
        var acme = await AddTenantAsync("acme");
        var alice = new User(Guid.NewGuid(), acme.Id, "alice@acme.example", "hash", T0, null);
        await Store.Tenants.AddUserAsync(alice, Ct);

        Assert.True(await Store.Tenants.UpdateSessionStampAsync(alice.Id, "another-stamp", Ct));

        Assert.Equal(alice with { SessionStamp = "another-stamp" }, await Store.Tenants.FindUserByEmailAsync(alice.Email, Ct));
        Assert.False(await Store.Tenants.UpdateSessionStampAsync(Guid.NewGuid(), "x", Ct));
    }
}
