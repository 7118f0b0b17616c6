using Certsmith.Core.Issuance;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Policy;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Certsmith.Dns;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Certsmith.Host.Composition;

/// <summary>Registers the control plane: the rules, the services, the issuance queue and its worker.</summary>
internal static class PlatformServices
{
    public const string AcmeHttpClient = "acme";

    public const string WebhookHttpClient = "webhooks";

    public static IServiceCollection AddCertsmithPlatform(
        this IServiceCollection services, ICertsmithStore store, IKeyProtector keys, PlatformOptions platform, BackendOptions backends, IssuanceOptions issuance, PlatformRuntime runtime)
    {
        services.AddSingleton(store);
        services.AddSingleton(keys);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(platform);
        services.AddSingleton(backends);
        services.AddSingleton(runtime);
        services.AddSingleton<IPlatformListeners>(runtime);
        services.AddSingleton(_ => PublicSuffixList.Load());
        services.AddSingleton<ParentLocks>();
        services.TryAddSingleton<IWildcardEligibility, NoWildcardsWithoutDns01>();
        services.AddSingleton(sp => new EventRecorder(store.Events, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IssuanceSignal>();
        services.AddSingleton<PolicyRunner>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<DomainService>();
        services.AddSingleton(sp => new BackendValidator(backends, runtime));
        services.AddSingleton<SiteService>();

        services.AddHttpClient(AcmeHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => runtime.AcmeHandlerFactory?.Invoke() ?? new SocketsHttpHandler())
            // The ACME client bounds each request itself (AcmeClientOptions.RequestTimeout).
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(_ => runtime.RequireCa());
        services.AddSingleton(sp => new AcmeAccountProvider(
            store, keys, sp.GetRequiredService<IHttpClientFactory>().CreateClient(AcmeHttpClient), runtime.RequireCa(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AcmeAccountProvider>>()));
        // AcmeIssuer takes the first solver, in registration order, whose challenge the CA offers: the configured
        // type (Acme:ChallengeType) first, the other as the fallback. The CA is known only at start, hence the factories.
        services.AddSingleton(sp => new Http01Solver(store.Acme, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TlsAlpn01Solver(store.Acme, keys, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IChallengeSolver>(sp => SolversInPreferredOrder(sp, runtime.RequireCa())[0]);
        services.AddSingleton<IChallengeSolver>(sp => SolversInPreferredOrder(sp, runtime.RequireCa())[1]);
        services.AddSingleton(_ => new Certsmith.Core.Renewal.RenewalPlanner(new Random()));
        services.AddSingleton<Certsmith.Core.Renewal.RenewalInfoPoller>();
        // Resolved after the CA is known (runtime.RateLimits): Let's Encrypt's limits, configured ones, or none.
        services.AddSingleton<Certsmith.Core.Budgets.IIssuanceBudget>(sp => runtime.RateLimits is { } limits
            ? new Certsmith.Core.Budgets.RateLimitBudget(store.Budgets, limits, sp.GetRequiredService<PublicSuffixList>(), sp.GetRequiredService<TimeProvider>())
            : new Certsmith.Core.Budgets.UnlimitedBudget());
        services.AddSingleton(KillAtFaultInjector.FromEnvironment());
        services.AddSingleton<AcmeIssuer>();
        services.AddSingleton(issuance);
        services.AddSingleton<ICertificateChangeNotifier, EdgeChangeNotifier>();
        services.AddSingleton<ICertificateLifecycle, WildcardLifecycle>();
        // Warnings before custom certificates expire: webhooks get their own client (no redirects followed).
        services.AddSingleton<WebhookAddresses>();
        services.AddHttpClient(WebhookHttpClient)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookAddresses>().CreateHandler())
            .ConfigureHttpClient(c => c.MaxResponseContentBufferSize = 64 * 1024);
        services.AddSingleton(sp => new Certsmith.Core.Certificates.Custom.ExpiryWarner(store, sp.GetRequiredService<EventRecorder>(), platform,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttpClient), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Certsmith.Core.Certificates.Custom.ExpiryWarner>>()));
        services.AddHostedService<ExpiryWarningWorker>();
        services.AddSingleton<IssuanceProcessor>();
        services.AddHostedService<IssuanceWorker>();
        return services;
    }

    /// <summary>
    /// DNS-01 through the platform's DNS (RFC 2136 + TSIG): registered before the edge's solvers, so wildcards and names
    /// in hosted zones use it (DESIGN.md rule 3); wildcards become possible; records a crash left are swept.
    /// Call before <see cref="AddCertsmithPlatform"/>'s solvers are resolved (any time before the container is built).
    /// </summary>
    public static IServiceCollection AddCertsmithDns01(this IServiceCollection services, Certsmith.Dns.Rfc2136Options options)
    {
        services.AddRfc2136Dns(options);
        services.AddSingleton<Dns01Solver>();
        // Insert before the edge's solvers: AcmeIssuer asks them in registration order.
        var firstSolver = services.TakeWhile(d => d.ServiceType != typeof(IChallengeSolver)).Count();
        services.Insert(firstSolver, ServiceDescriptor.Singleton<IChallengeSolver>(sp => sp.GetRequiredService<Dns01Solver>()));
        services.Replace(ServiceDescriptor.Singleton<IWildcardEligibility, DomainWildcardEligibility>());
        services.AddHostedService<DnsRecordSweeper>();
        return services;
    }

    private static IChallengeSolver[] SolversInPreferredOrder(IServiceProvider services, AcmeCaOptions ca)
    {
        IChallengeSolver http01 = services.GetRequiredService<Http01Solver>();
        IChallengeSolver tlsAlpn01 = services.GetRequiredService<TlsAlpn01Solver>();
        return ca.ChallengeType == Acme.Resources.AcmeChallenge.TlsAlpn01 ? [tlsAlpn01, http01] : [http01, tlsAlpn01];
    }
}
