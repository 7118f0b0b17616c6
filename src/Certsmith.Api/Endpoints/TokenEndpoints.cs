using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary><c>/api/v1/tenants/{tenantId}/tokens</c>: the secret is in the creation answer only; lists never carry it.</summary>
internal static class TokenEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var tokens = tenant.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapPost("", CreateAsync).WithJsonBody<CreateTokenRequest>().Produces<CreatedTokenResponse>(StatusCodes.Status201Created);
        tokens.MapGet("", ListAsync);
        tokens.MapDelete("/{tokenId}", RevokeAsync);
    }

    private static async Task<IResult> CreateAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, TenantService tenants, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<CreateTokenRequest>(request, cancellationToken).ConfigureAwait(false);
        var (token, secret) = await tenants.CreateTokenAsync(id, body.Name!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/tokens/{token.Id}", new CreatedTokenResponse(token.Id, token.TenantId, token.Name, token.CreatedAt, secret));
    }

    private static async Task<List<TokenResponse>> ListAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, TenantService tenants, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await tenants.ListTokensAsync(id, cancellationToken).ConfigureAwait(false)).Select(t => t.ToResponse()).ToList();
    }

    private static async Task<TokenResponse> RevokeAsync(string tenantId, string tokenId, ClaimsPrincipal user, TenantScope scope, TenantService tenants, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await tenants.RevokeTokenAsync(id, Ids.Parse(tokenId, "token"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }
}
