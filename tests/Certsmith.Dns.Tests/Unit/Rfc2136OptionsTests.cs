using System.Security.Cryptography;

namespace Certsmith.Dns.Tests.Unit;

public sealed class Rfc2136OptionsTests
{
    private static readonly string Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static Rfc2136Options Valid() => new() { Primary = "127.0.0.1:5353", KeyName = "certsmith-key", Secret = Secret };

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = Valid();

        Assert.Empty(options.Validate());
        Assert.Equal("hmac-sha256", options.Algorithm);
        Assert.Null(options.Resolver);
        Assert.Empty(options.AuthoritativeServers);
        Assert.Equal(TimeSpan.FromMinutes(2), options.PropagationTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.PropagationPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.QueryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.RecordTtl);
    }

    [Fact]
    public void Validate_reports_every_problem_at_once_without_repeating_the_secret()
    {
        var options = new Rfc2136Options
        {
            Primary = "ns1.example.org:99999",
            KeyName = "bad key",
            Algorithm = "hmac-md5",
            Secret = "s3cr3t-not-base64!",
            Resolver = "",
            AuthoritativeServers = ["ok.example.org", "[::1"],
            PropagationTimeout = TimeSpan.FromSeconds(1),
            PropagationPollInterval = TimeSpan.FromSeconds(2),
            QueryTimeout = TimeSpan.Zero,
            RecordTtl = TimeSpan.FromMilliseconds(1500),
        };

        var errors = options.Validate();

        Assert.Equal(9, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Primary must be host:port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KeyName ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("hmac-md5", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Secret must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Resolver ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'[::1'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("QueryTimeout must be positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PropagationPollInterval (", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("RecordTtl ", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_hides_the_secret_and_shows_the_rest()
    {
        var text = (Valid() with { AuthoritativeServers = ["a:53", "b:53"] }).ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("Secret = (hidden)", text, StringComparison.Ordinal);
        Assert.Contains("Primary = 127.0.0.1:5353", text, StringComparison.Ordinal);
        Assert.Contains("AuthoritativeServers = [a:53, b:53]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_settings_are_equal_records()
    {
        var a = Valid() with { AuthoritativeServers = ["a:53"] };
        var b = Valid() with { AuthoritativeServers = ["a:53"] };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Secret = Convert.ToBase64String(new byte[32]) });
    }

    [Fact]
    public void The_writer_refuses_invalid_options_with_the_list_of_problems()
    {
        var error = Assert.Throws<ArgumentException>(() => new Rfc2136ChallengeWriter(new Rfc2136Options(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Rfc2136ChallengeWriter>.Instance));

        Assert.Contains("Primary must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("KeyName must be", error.Message, StringComparison.Ordinal);
        Assert.Contains("Secret must be", error.Message, StringComparison.Ordinal);
    }
}
