using System.Security.Cryptography;
using Certsmith.Core.Dns;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Dns.Tests.Unit;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public void AddRfc2136Dns_registers_the_writer_and_the_lookup_as_singletons()
    {
        var options = new Rfc2136Options { Primary = "127.0.0.1", KeyName = "certsmith-key", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        using var provider = new ServiceCollection().AddRfc2136Dns(options).BuildServiceProvider();

        Assert.IsType<Rfc2136ChallengeWriter>(provider.GetRequiredService<IDnsChallengeWriter>());
        Assert.Same(provider.GetRequiredService<IDnsChallengeWriter>(), provider.GetRequiredService<IDnsChallengeWriter>());
        Assert.IsType<DnsLookupClient>(provider.GetRequiredService<IDnsLookup>());
        Assert.Same(provider.GetRequiredService<IDnsLookup>(), provider.GetRequiredService<IDnsLookup>());
    }

    [Fact]
    public void AddRfc2136Dns_rejects_invalid_options_at_registration()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRfc2136Dns(new Rfc2136Options { Primary = "x:0" }));

        Assert.Contains("Primary must be host:port", error.Message, StringComparison.Ordinal);
    }
}
