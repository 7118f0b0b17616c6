using Certsmith.Api.Authentication;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Certsmith.Api;

/// <summary>Registers the REST API's services; the platform's own services (store, Core) are registered by the host.</summary>
public static class CertsmithApiServiceCollectionExtensions
{
    /// <summary>The authorization policy every <c>/api/v1</c> route requires: an active API token.</summary>
    public const string PolicyName = "CertsmithApiToken";

    /// <summary>
    /// Adds bearer-token authentication (its own scheme, not the default one, so a panel can add cookies), the
    /// API's authorization policy, the services only the API and the panel use (certificates, users, wildcards, custom
    /// certificates, the admin's operations views) and the OpenAPI document. The host must register
    /// <see cref="TenantService"/>, <see cref="DomainService"/>, <see cref="SiteService"/>, the store, the
    /// <see cref="Core.Issuance.IssuanceSignal"/>, the <see cref="EventRecorder"/>, a <see cref="TimeProvider"/> and the
    /// CA's <see cref="Core.Budgets.IIssuanceBudget"/>, and run UseAuthentication/UseAuthorization (a WebApplication does
    /// so by itself).
    /// </summary>
    public static IServiceCollection AddCertsmithApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser());
        services.TryAddSingleton<CertificateService>();
        services.TryAddSingleton<OperationsService>();
        services.TryAddSingleton<DelegationService>();
        services.TryAddSingleton<WebhookAddresses>();
        services.TryAddSingleton<IPasswordHashing, Authentication.IdentityPasswordHashing>();
        services.TryAddSingleton<UserService>();
        services.TryAddSingleton<WildcardService>();
        services.TryAddSingleton<Certsmith.Core.Certificates.Custom.CustomCertificateService>();
        services.TryAddSingleton<TenantScope>();
        services.AddOpenApi();
        return services;
    }
}
