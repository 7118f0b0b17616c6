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

/// <summary>
/// People who sign in to the panel: <c>/tenants/{tenantId}/users</c> (the tenant's own, made by the tenant or an admin)
/// and <c>/admins</c> (platform admins, made by a platform admin). A DELETE disables a user (who can no longer sign
/// in; the record stays); a PUT of <c>/{userId}/password</c> sets a new password for one who lost theirs and ends
/// every panel session of that user. Passwords and hashes are never returned.
/// </summary>
internal static class UserEndpoints
{
    public static void MapTenantUsers(IEndpointRouteBuilder tenant)
    {
        var users = tenant.MapGroup("/users").WithTags("Users");
        users.MapPost("", CreateAsync).WithJsonBody<CreateUserRequest>().Produces<UserResponse>(StatusCodes.Status201Created);
        users.MapGet("", ListAsync);
        users.MapDelete("/{userId}", DisableAsync).Produces(StatusCodes.Status204NoContent);
        users.MapPut("/{userId}/password", SetPasswordAsync).WithJsonBody<SetPasswordRequest>().Produces(StatusCodes.Status204NoContent);
    }

    public static void MapAdmins(IEndpointRouteBuilder api)
    {
        var admins = api.MapGroup("/admins").WithTags("Users").ForPlatformAdminsOnly("Only a platform admin manages platform admins.");
        admins.MapPost("", CreateAdminAsync).WithJsonBody<CreateUserRequest>().Produces<UserResponse>(StatusCodes.Status201Created);
        admins.MapGet("", ListAdminsAsync);
        admins.MapDelete("/{userId}", DisableAdminAsync).Produces(StatusCodes.Status204NoContent);
        admins.MapPut("/{userId}/password", SetAdminPasswordAsync).WithJsonBody<SetPasswordRequest>().Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> CreateAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, UserService users, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<CreateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        var created = await users.CreateUserAsync(id, body.Email, body.Password, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/users/{created.Id}", ToResponse(created));
    }

    private static async Task<List<UserResponse>> ListAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, UserService users, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await users.ListUsersAsync(id, cancellationToken).ConfigureAwait(false)).Select(ToResponse).ToList();
    }

    private static async Task<IResult> DisableAsync(string tenantId, string userId, ClaimsPrincipal user, TenantScope scope, UserService users, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        await users.DisableUserAsync(id, Ids.Parse(userId, "user"), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetPasswordAsync(string tenantId, string userId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, UserService users, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var target = Ids.Parse(userId, "user");
        var body = await JsonBody.ReadAsync<SetPasswordRequest>(request, cancellationToken).ConfigureAwait(false);
        await users.SetPasswordAsync(id, target, body.Password, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetAdminPasswordAsync(string userId, HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<SetPasswordRequest>(request, cancellationToken).ConfigureAwait(false);
        await users.SetPasswordAsync(null, Ids.Parse(userId, "user"), body.Password, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DisableAdminAsync(string userId, UserService users, CancellationToken cancellationToken)
    {
        await users.DisableUserAsync(null, Ids.Parse(userId, "user"), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAdminAsync(HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<CreateUserRequest>(request, cancellationToken).ConfigureAwait(false);
        var created = await users.CreateUserAsync(null, body.Email, body.Password, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/admins/{created.Id}", ToResponse(created));
    }

    private static async Task<List<UserResponse>> ListAdminsAsync(UserService users, CancellationToken cancellationToken) =>
        (await users.ListUsersAsync(null, cancellationToken).ConfigureAwait(false)).Select(ToResponse).ToList();

    private static UserResponse ToResponse(User user) => new(user.Id, user.TenantId, user.Email, user.CreatedAt, user.DisabledAt);
}
