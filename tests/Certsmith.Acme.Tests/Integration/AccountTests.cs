using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>Accounts on a real Pebble (RFC 8555 §7.3).</summary>
[Collection(PebbleCollection.Name)]
public sealed class AccountTests(PebbleFixture fixture)
{
    private readonly AcmeBench _bench = fixture.Bench;

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task An_account_is_created_and_found_again_by_its_key(string algorithm)
    {
        using var key = algorithm switch { "ES384" => AcmeKey.CreateEs384(), "RS256" => AcmeKey.CreateRs256(), _ => AcmeKey.CreateEs256() };
        var client = _bench.Client(key);

        var created = await client.CreateAccountAsync(new NewAccountRequest { TermsOfServiceAgreed = true, Contacts = ["mailto:ops@example.org"] });
        var found = await _bench.Client(key).FindAccountAsync();

        Assert.Equal(AcmeStatus.Valid, created.Status);
        Assert.Equal(["mailto:ops@example.org"], created.Contact);
        Assert.Equal(created.Location, found?.Location);
        Assert.Equal(created.Location, client.AccountUrl);
    }

    [Fact]
    public async Task Finding_an_account_for_an_unknown_key_returns_null()
    {
        using var key = AcmeKey.CreateEs256();

        var found = await _bench.Client(key).FindAccountAsync();

        Assert.Null(found);
    }

    [Fact]
    public async Task An_account_saved_as_pem_is_the_same_account_after_reloading()
    {
        using var key = AcmeKey.CreateEs256();
        var created = await (await _bench.ClientWithAccountAsync(key)).GetAccountAsync();

        using var reloaded = AcmeKey.FromPem(key.ExportPrivateKeyPem());
        var found = await _bench.Client(reloaded).FindAccountAsync();

        Assert.Equal(key.Thumbprint, reloaded.Thumbprint);
        Assert.Equal(created.Location, found?.Location);
    }

    [Fact]
    public async Task Contacts_are_updated()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await _bench.ClientWithAccountAsync(key);

        await client.UpdateAccountAsync(["mailto:new@example.org", "mailto:second@example.org"]);
        var account = await client.GetAccountAsync();

        Assert.Equal(["mailto:new@example.org", "mailto:second@example.org"], account.Contact);
    }

    [Fact]
    public async Task Key_rollover_moves_the_account_to_the_new_key()
    {
        using var oldKey = AcmeKey.CreateEs256();
        using var newKey = AcmeKey.CreateEs384();
        var client = await _bench.ClientWithAccountAsync(oldKey);
        var url = client.AccountUrl;

        await client.ChangeAccountKeyAsync(newKey);

        Assert.Same(newKey, client.AccountKey);
        Assert.Equal(url, (await _bench.Client(newKey).FindAccountAsync())?.Location);
        Assert.Null(await _bench.Client(oldKey).FindAccountAsync());
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("rolled"))] });
        Assert.Equal(AcmeStatus.Pending, order.Status);
    }

    [Fact]
    public async Task A_deactivated_account_can_no_longer_order()
    {
        using var key = AcmeKey.CreateEs256();
        var client = await _bench.ClientWithAccountAsync(key);

        var account = await client.DeactivateAccountAsync();
        var e = await Assert.ThrowsAsync<AcmeProblemException>(() =>
            client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("gone"))] }));

        Assert.Equal(AcmeStatus.Deactivated, account.Status);
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
        Assert.True(e.Problem.Is(AcmeErrorTypes.Unauthorized), e.Problem.ToString());
    }

    [Fact]
    public async Task Ordering_before_any_account_exists_says_what_is_missing()
    {
        using var key = AcmeKey.CreateEs256();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _bench.Client(key).NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("a.example.org")] }));

        Assert.Contains("create or find one first", e.Message, StringComparison.Ordinal);
    }
}
