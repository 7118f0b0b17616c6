using Certsmith.Core.Storage;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>TLS-ALPN-01 certificates (RFC 8737) stored per server name, so whichever node the CA reaches answers.</summary>
public abstract partial class StoreContractTests
{
    private static TlsAlpnChallenge Challenge(string name, string token, DateTimeOffset expires, byte fill = 1) =>
        new(name, token, $"-----BEGIN CERTIFICATE-----\n{token}\n-----END CERTIFICATE-----\n", [fill, 2, 3, 4], expires);

    [Fact]
    public async Task A_tls_alpn_challenge_is_served_for_its_server_name_until_it_expires()
    {
        var challenge = Challenge("www.example.org", "tok-1", T0.AddMinutes(10));
        await Store.Acme.PutTlsAlpnChallengeAsync(challenge, Ct);

        Assert.Equal(challenge, await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0, Ct));
        Assert.Equal(challenge, await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0.AddMinutes(10).AddMilliseconds(-1), Ct));
        Assert.Null(await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0.AddMinutes(10), Ct));
        Assert.Null(await Store.Acme.GetTlsAlpnChallengeAsync("other.example.org", T0, Ct));
        Assert.Null(await Store.Acme.GetTlsAlpnChallengeAsync("example.org", T0, Ct));
    }

    [Fact]
    public async Task A_new_tls_alpn_challenge_for_the_same_name_replaces_the_old_one()
    {
        await Store.Acme.PutTlsAlpnChallengeAsync(Challenge("www.example.org", "tok-1", T0.AddMinutes(10)), Ct);
        var newer = Challenge("www.example.org", "tok-2", T0.AddMinutes(20), fill: 9);

        await Store.Acme.PutTlsAlpnChallengeAsync(newer, Ct);

        Assert.Equal(newer, await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0.AddMinutes(15), Ct));
    }

    [Fact]
    public async Task Withdrawing_a_tls_alpn_challenge_removes_only_the_one_of_its_token_and_is_idempotent()
    {
        var newer = Challenge("www.example.org", "tok-2", T0.AddMinutes(20));
        await Store.Acme.PutTlsAlpnChallengeAsync(newer, Ct);

        // The clean-up of an older, replaced challenge must not withdraw the one the CA is about to check.
        await Store.Acme.RemoveTlsAlpnChallengeAsync("www.example.org", "tok-1", Ct);
        Assert.Equal(newer, await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0, Ct));

        await Store.Acme.RemoveTlsAlpnChallengeAsync("www.example.org", "tok-2", Ct);
        Assert.Null(await Store.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0, Ct));
        await Store.Acme.RemoveTlsAlpnChallengeAsync("www.example.org", "tok-2", Ct);
    }

    [Fact]
    public async Task A_tls_alpn_challenge_written_by_one_node_is_read_by_another()
    {
        var challenge = Challenge("www.example.org", "tok-1", T0.AddMinutes(10));
        await Store.Acme.PutTlsAlpnChallengeAsync(challenge, Ct);

        var other = OpenAnotherNode();
        await other.MigrateAsync(Ct);

        Assert.Equal(challenge, await other.Acme.GetTlsAlpnChallengeAsync("www.example.org", T0, Ct));
    }
}
