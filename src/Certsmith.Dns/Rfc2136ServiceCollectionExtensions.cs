using Certsmith.Core.Dns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Dns;

/// <summary>Registers DNS-01 over RFC 2136 + TSIG.</summary>
public static class Rfc2136ServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Rfc2136ChallengeWriter"/> as the <see cref="IDnsChallengeWriter"/> and
    /// <see cref="DnsLookupClient"/> as the <see cref="IDnsLookup"/>, both singletons, and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered. Loggers come from the
    /// container when logging is registered.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (checked now, at start-up); the message lists every problem.</exception>
    public static IServiceCollection AddRfc2136Dns(this IServiceCollection services, Rfc2136Options options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid RFC 2136 DNS options: " + string.Join(" ", errors), nameof(options));
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDnsChallengeWriter>(sp => new Rfc2136ChallengeWriter(
            options,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<Rfc2136ChallengeWriter>>() ?? NullLogger<Rfc2136ChallengeWriter>.Instance));
        services.AddSingleton<IDnsLookup>(_ => new DnsLookupClient(options));
        return services;
    }
}
