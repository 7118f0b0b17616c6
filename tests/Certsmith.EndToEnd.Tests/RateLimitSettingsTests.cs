using Certsmith.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Which CA gets which budgets, from configuration (section "Acme:RateLimits").</summary>
public sealed class RateLimitSettingsTests
{
    private static readonly Uri Production = new("https://acme-v02.api.letsencrypt.org/directory");
    private static readonly Uri Staging = new("https://acme-staging-v02.api.letsencrypt.org/directory");
    private static readonly Uri Pebble = new("https://127.0.0.1:14000/dir");

    [Fact]
    public void Lets_encrypt_gets_its_published_numbers_and_other_cas_none_unless_switched_on()
    {
        var defaults = new RateLimitSettings();

        var production = defaults.ToOptions(Production);

        Assert.Equal(300, production?.OrdersPerAccount.Count);
        Assert.Equal(TimeSpan.FromHours(3), production?.OrdersPerAccount.Window);
        Assert.Equal(50, production?.CertificatesPerRegisteredDomain.Count);
        Assert.Equal(5, production?.CertificatesPerExactSet.Count);
        Assert.Equal(5, production?.FailedAuthorizationsPerName.Count);
        Assert.NotNull(defaults.ToOptions(Staging));
        Assert.Null(defaults.ToOptions(Pebble));
        Assert.NotNull(new RateLimitSettings { Enabled = true }.ToOptions(Pebble));
        Assert.Null(new RateLimitSettings { Enabled = false }.ToOptions(Production));
    }

    [Fact]
    public void Configured_numbers_are_bound_and_every_bad_one_is_reported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Acme:RateLimits:Enabled"] = "true",
            ["Acme:RateLimits:CertificatesPerRegisteredDomainPer7Days"] = "20",
            ["Acme:RateLimits:OrdersPerAccountPer3Hours"] = "0",
            ["Acme:RateLimits:UrgentReserveShare"] = "2",
        }).Build();

        var acme = configuration.GetSection("Acme").Get<AcmeSettings>()!;

        Assert.Equal(20, acme.RateLimits.CertificatesPerRegisteredDomainPer7Days);
        var errors = acme.Validate();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("OrdersPerAccount", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("UrgentReserveShare", StringComparison.Ordinal));
    }
}
