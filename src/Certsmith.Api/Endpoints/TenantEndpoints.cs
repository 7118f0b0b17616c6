using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary><c>/api/v1/me</c> and <c>/api/v1/tenants</c>: creating and listing tenants is a platform admin's job.</summary>
internal static class TenantEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/me", (ClaimsPrincipal user) =>
        {
            var caller = Caller.From(user);
            return TypedResults.Ok(new CallerResponse(caller.TokenId, caller.TokenName, caller.TenantId, caller.IsAdmin));
        }).WithTags("Tenants");

        var tenants = api.MapGroup("/tenants").WithTags("Tenants");
        tenants.MapPost("", CreateAsync).WithJsonBody<CreateTenantRequest>().Produces<TenantResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status403Forbidden);
        tenants.MapGet("", ListAsync).Produces<List<TenantResponse>>();
        tenants.MapGet("/{tenantId}", GetAsync);
        tenants.MapPatch("/{tenantId}", UpdateAsync).WithJsonBody<UpdateTenantRequest>().Produces<TenantResponse>().ProducesProblem(StatusCodes.Status403Forbidden);
        tenants.MapPut("/{tenantId}/webhook", SetWebhookAsync).WithJsonBody<WebhookRequest>().Produces<TenantResponse>();
    }

    private static async Task<TenantResponse> SetWebhookAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, TenantService tenants, WebhookAddresses addresses, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<WebhookRequest>(request, cancellationToken).ConfigureAwait(false);
        return (await tenants.SetWebhookAsync(id, body.Url, addresses, cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> UpdateAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, TenantService tenants, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        if (!Caller.From(user).IsAdmin)
        {
            return ApiProblems.Forbidden(request.HttpContext, "Only a platform admin changes a tenant's wildcard threshold.");
        }
        var body = await JsonBody.ReadAsync<UpdateTenantRequest>(request, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok((await tenants.SetWildcardThresholdAsync(id, body.WildcardThreshold, cancellationToken).ConfigureAwait(false)).ToResponse());
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, TenantService tenants, CancellationToken cancellationToken)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return ApiProblems.Forbidden(request.HttpContext, "Only a platform admin creates tenants.");
        }
        var body = await JsonBody.ReadAsync<CreateTenantRequest>(request, cancellationToken).ConfigureAwait(false);
        var tenant = await tenants.CreateTenantAsync(body.Name!, body.WildcardThreshold, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{tenant.Id}", tenant.ToResponse());
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, TenantService tenants, CancellationToken cancellationToken)
    {
        // A tenant token sees its own tenant only, so a program can find out whose it is.
        var caller = Caller.From(user);
        var list = caller.TenantId is { } own
            ? [await tenants.GetTenantAsync(own, cancellationToken).ConfigureAwait(false)]
            : await tenants.ListTenantsAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(list.Select(t => t.ToResponse()).ToList());
    }

    private static async Task<TenantResponse> GetAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, TenantService tenants, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await tenants.GetTenantAsync(id, cancellationToken).ConfigureAwait(false)).ToResponse();
    }
}
