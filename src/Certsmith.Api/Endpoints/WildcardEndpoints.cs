using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary>
/// <c>/api/v1/tenants/{tenantId}/wildcards</c> (a tenant asks for <c>*.parent</c> at any time) and
/// <c>/delegations</c> (an external domain's <c>_acme-challenge</c> CNAME into the platform's challenge zone).
/// </summary>
internal static class WildcardEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var wildcards = tenant.MapGroup("/wildcards").WithTags("Wildcards");
        wildcards.MapPost("", RequestAsync).WithJsonBody<WildcardRequest>().Produces<CertificateResponse>(StatusCodes.Status201Created);
        wildcards.MapDelete("/{certificateId}", WithdrawAsync);

        var delegations = tenant.MapGroup("/delegations").WithTags("Wildcards");
        delegations.MapPost("", AddDelegationAsync).WithJsonBody<WildcardRequest>().Produces<DelegationResponse>(StatusCodes.Status201Created);
        delegations.MapGet("", ListDelegationsAsync);
        delegations.MapGet("/{delegationId}", GetDelegationAsync);
        delegations.MapPost("/{delegationId}/check", CheckDelegationAsync);
        delegations.MapDelete("/{delegationId}", RemoveDelegationAsync).Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> RequestAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, WildcardService wildcards, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<WildcardRequest>(request, cancellationToken).ConfigureAwait(false);
        var wildcard = await wildcards.RequestAsync(id, body.Parent, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/certificates/{wildcard.Id}", wildcard.ToResponse());
    }

    private static async Task<CertificateResponse> WithdrawAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, WildcardService wildcards, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await wildcards.WithdrawAsync(id, Ids.Parse(certificateId, "wildcard"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> AddDelegationAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, DelegationService delegations, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<WildcardRequest>(request, cancellationToken).ConfigureAwait(false);
        var delegation = await delegations.AddAsync(id, body.Parent, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/delegations/{delegation.Id}", delegation.ToResponse());
    }

    private static async Task<List<DelegationResponse>> ListDelegationsAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, DelegationService delegations, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await delegations.ListAsync(id, cancellationToken).ConfigureAwait(false)).Select(d => d.ToResponse()).ToList();
    }

    private static async Task<DelegationResponse> GetDelegationAsync(string tenantId, string delegationId, ClaimsPrincipal user, TenantScope scope, DelegationService delegations, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await delegations.GetAsync(id, Ids.Parse(delegationId, "delegation"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<DelegationResponse> CheckDelegationAsync(string tenantId, string delegationId, ClaimsPrincipal user, TenantScope scope, DelegationService delegations, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await delegations.CheckAsync(id, Ids.Parse(delegationId, "delegation"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> RemoveDelegationAsync(string tenantId, string delegationId, ClaimsPrincipal user, TenantScope scope, DelegationService delegations, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        await delegations.RemoveAsync(id, Ids.Parse(delegationId, "delegation"), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
