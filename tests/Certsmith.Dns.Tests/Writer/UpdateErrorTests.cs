using Certsmith.Core.Dns;
using Certsmith.Dns.Tests.Support;

namespace Certsmith.Dns.Tests.Writer;

public sealed class UpdateErrorTests(PlatformDns dns) : IClassFixture<PlatformDns>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_wrong_secret_is_BadKey_BADSIG_before_anything_changes()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var wrong = KnotTsigKey.Generate(dns.PlatformKey.Name);
        var writer = dns.Writer(dns.Options(wrong));
        var target = await writer.LocateAsync($"{PlatformDns.Unique("wrong")}.{PlatformDns.Hosted}", cts.Token);

        var check = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.CheckWritableAsync(target, cts.Token));
        var add = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.AddTxtAsync(target, "never", cts.Token));

        Assert.Equal(DnsChallengeError.BadKey, check.Error);
        Assert.True(check.IsSetupFailure);
        Assert.StartsWith($"the DNS server at {dns.Knot.Primary} rejected the TSIG key 'certsmith-key' (BADSIG", check.Message, StringComparison.Ordinal);
        Assert.Equal(DnsChallengeError.BadKey, add.Error);
        Assert.Empty(await dns.Knot.ListRecordsAsync(PlatformDns.Hosted, target.RecordName, null, cts.Token));
        Assert.DoesNotContain(wrong.Secret, check.Message + add.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_is_BadKey_BADKEY()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer(dns.Options(KnotTsigKey.Generate("nobody-key")));

        var error = await Assert.ThrowsAsync<DnsChallengeException>(
            () => writer.CheckWritableAsync(PlatformDns.HostedTarget("unknown-key.hosted.test"), cts.Token));

        Assert.Equal(DnsChallengeError.BadKey, error.Error);
        Assert.Contains("rejected the TSIG key 'nobody-key' (BADKEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zone_whose_ACL_does_not_name_the_key_is_a_BadKey_setup_failure_naming_the_zone()
    {
        // Knot answers NOTAUTH + BADKEY when no ACL rule of the zone lets the key update (it does not answer REFUSED).
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = new DnsChallengeTarget("_acme-challenge.shop.elsewhere.test", "_acme-challenge.shop.elsewhere.test", PlatformDns.Elsewhere);

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.CheckWritableAsync(target, cts.Token));

        Assert.Equal(DnsChallengeError.BadKey, error.Error);
        Assert.True(error.IsSetupFailure);
        Assert.Contains("does not let it update elsewhere.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_the_zone_ACL_names_may_update_it()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer(dns.Options(dns.TenantKey));
        var target = new DnsChallengeTarget("_acme-challenge.shop.elsewhere.test", "_acme-challenge.shop.elsewhere.test", PlatformDns.Elsewhere);

        await writer.CheckWritableAsync(target, cts.Token);
    }

    [Fact]
    public async Task A_server_that_refuses_the_update_is_Refused()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = await writer.LocateAsync("shop.frozen.test", cts.Token);

        var check = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.CheckWritableAsync(target, cts.Token));
        var add = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.AddTxtAsync(target, "v", cts.Token));

        Assert.Equal(DnsChallengeError.Refused, check.Error);
        Assert.True(check.IsSetupFailure);
        Assert.Equal($"the DNS server at {dns.Knot.Primary} refused updates to frozen.test with key 'certsmith-key'", check.Message);
        Assert.Equal(DnsChallengeError.Refused, add.Error);
    }

    [Fact]
    public async Task An_update_for_a_zone_the_primary_does_not_serve_is_ZoneNotServed()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var writer = dns.Writer();
        var target = new DnsChallengeTarget("_acme-challenge.www.notserved.test", "_acme-challenge.www.notserved.test", "notserved.test");

        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => writer.CheckWritableAsync(target, cts.Token));

        Assert.Equal(DnsChallengeError.ZoneNotServed, error.Error);
        Assert.Equal($"the DNS server at {dns.Knot.Primary} does not serve the zone notserved.test", error.Message);
    }

    [Fact]
    public async Task A_primary_that_does_not_answer_is_Unreachable_and_not_a_setup_failure()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var down = $"127.0.0.1:{FreePort.Pick()}";
        var writer = dns.Writer(dns.Options() with { Primary = down, QueryTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<DnsChallengeException>(
            () => writer.AddTxtAsync(PlatformDns.HostedTarget("down.hosted.test"), "v", cts.Token));

        Assert.Equal(DnsChallengeError.Unreachable, error.Error);
        Assert.False(error.IsSetupFailure);
        Assert.Contains(down, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Neither_messages_nor_logs_nor_the_options_show_the_secret()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var logger = new CapturingLogger<Rfc2136ChallengeWriter>();
        var wrong = KnotTsigKey.Generate(dns.PlatformKey.Name);
        var good = dns.Writer(dns.Options(), logger);
        var bad = dns.Writer(dns.Options(wrong), logger);
        var target = await good.LocateAsync($"{PlatformDns.Unique("secret")}.{PlatformDns.Hosted}", cts.Token);
        await good.AddTxtAsync(target, "v", cts.Token);
        await good.WaitForPropagationAsync(target, "v", cts.Token);
        await good.RemoveTxtAsync(target, "v", cts.Token);
        var error = await Assert.ThrowsAsync<DnsChallengeException>(() => bad.AddTxtAsync(target, "v", cts.Token));

        var everything = string.Join("\n", [.. logger.Lines, error.Message, error.ToString(), dns.Options().ToString(), dns.Options(wrong).ToString()]);
        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(dns.PlatformKey.Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong.Secret, everything, StringComparison.Ordinal);
        Assert.Contains("Secret = (hidden)", dns.Options().ToString(), StringComparison.Ordinal);
    }
}
