using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>External account binding (RFC 8555 §7.3.4) against a Pebble that requires it.</summary>
public sealed class ExternalAccountBindingTests(ExternalAccountBindingTests.EabPebble fixture) : IClassFixture<ExternalAccountBindingTests.EabPebble>
{
    // 48 random bytes, base64url, as CAs hand out MAC keys.
    private const string MacKey = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    private readonly AcmeBench _bench = fixture.Bench;

    /// <summary>One Pebble that requires external account binding, for the tests of this class.</summary>
    public sealed class EabPebble : IAsyncLifetime
    {
        public AcmeBench Bench { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Bench = await AcmeBench.StartAsync(o => o with { ExternalAccountMacKeys = new Dictionary<string, string> { ["kid-1"] = MacKey } });

        public async Task DisposeAsync() => await Bench.DisposeAsync();
    }

    [Fact]
    public async Task The_directory_says_a_binding_is_required_and_an_account_without_one_is_refused()
    {
        using var key = AcmeKey.CreateEs256();
        var client = _bench.Client(key);

        var directory = await client.GetDirectoryAsync();
        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.CreateAccountAsync(new NewAccountRequest { TermsOfServiceAgreed = true }));

        Assert.True(directory.Meta.ExternalAccountRequired);
        Assert.True(e.Problem.Is(AcmeErrorTypes.ExternalAccountRequired), e.Problem.ToString());
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
    }

    [Fact]
    public async Task A_bound_account_is_created_and_can_order()
    {
        using var key = AcmeKey.CreateEs256();
        var client = _bench.Client(key);

        var account = await client.CreateAccountAsync(new NewAccountRequest
        {
            TermsOfServiceAgreed = true,
            ExternalAccountBinding = new ExternalAccountBinding("kid-1", MacKey),
        });
        var (chain, certificateKey, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("eab"))]);
        using var _k = certificateKey;

        Assert.Equal(AcmeStatus.Valid, account.Status);
        Assert.NotNull(chain.Leaf);
    }

    [Fact]
    public async Task A_binding_with_the_wrong_mac_key_is_refused()
    {
        using var key = AcmeKey.CreateEs256();
        var wrong = "b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH";

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => _bench.Client(key).CreateAccountAsync(new NewAccountRequest
        {
            TermsOfServiceAgreed = true,
            ExternalAccountBinding = new ExternalAccountBinding("kid-1", wrong),
        }));

        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
        Assert.DoesNotContain(wrong, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mac_key_never_shows_in_text()
    {
        Assert.DoesNotContain(MacKey, new ExternalAccountBinding("kid-1", MacKey).ToString(), StringComparison.Ordinal);
    }
}
