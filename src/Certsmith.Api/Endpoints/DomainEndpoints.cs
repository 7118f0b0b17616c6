using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary><c>/api/v1/tenants/{tenantId}/domains</c>: the names a tenant holds, and proving them.</summary>
internal static class DomainEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var domains = tenant.MapGroup("/domains").WithTags("Domains");
        domains.MapPost("", AddAsync).WithJsonBody<AddDomainRequest>().Produces<DomainResponse>(StatusCodes.Status201Created);
        domains.MapGet("", ListAsync);
        domains.MapGet("/{domainId}", GetAsync);
        domains.MapPost("/{domainId}/prove", ProveAsync);
    }

    private static async Task<IResult> AddAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, DomainService domains, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<AddDomainRequest>(request, cancellationToken).ConfigureAwait(false);
        var domain = await domains.AddDomainAsync(id, body.Name!, ParseKind(body.Kind), Caller.From(user).IsAdmin, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/domains/{domain.Id}", domain.ToResponse(withVerification: true));
    }

    private static async Task<List<DomainResponse>> ListAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, DomainService domains, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await domains.ListDomainsAsync(id, cancellationToken).ConfigureAwait(false)).Select(d => d.ToResponse(withVerification: false)).ToList();
    }

    private static async Task<DomainResponse> GetAsync(string tenantId, string domainId, ClaimsPrincipal user, TenantScope scope, DomainService domains, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await domains.GetDomainAsync(id, Ids.Parse(domainId, "domain"), cancellationToken).ConfigureAwait(false)).ToResponse(withVerification: true);
    }

    private static async Task<DomainResponse> ProveAsync(string tenantId, string domainId, ClaimsPrincipal user, TenantScope scope, DomainService domains, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await domains.ProveAsync(id, Ids.Parse(domainId, "domain"), cancellationToken).ConfigureAwait(false)).ToResponse(withVerification: true);
    }

    private static DomainKind ParseKind(string? kind) => kind switch
    {
        "hostedZone" => DomainKind.HostedZone,
        "external" => DomainKind.External,
        _ => throw new PlatformInputException(PlatformInputError.Invalid, "kind", "The kind must be \"hostedZone\" (DNS served by the platform) or \"external\"."),
    };
}
