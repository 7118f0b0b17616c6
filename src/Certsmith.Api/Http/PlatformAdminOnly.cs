using Certsmith.Api.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Http;

/// <summary>
/// Routes only a platform admin's token may call (a tenant's token gets a 403 problem saying why): one filter on the
/// group instead of the same check at the top of every handler, and its 403 described in the OpenAPI document.
/// </summary>
internal sealed class PlatformAdminOnly(string why) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Caller.From(context.HttpContext.User).IsAdmin ? next(context) : ValueTask.FromResult<object?>(ApiProblems.Forbidden(context.HttpContext, why));
}

/// <summary>Puts <see cref="PlatformAdminOnly"/> on a group.</summary>
internal static class PlatformAdminOnlyExtensions
{
    public static RouteGroupBuilder ForPlatformAdminsOnly(this RouteGroupBuilder group, string why) =>
        group.AddEndpointFilter(new PlatformAdminOnly(why)).ProducesProblem(StatusCodes.Status403Forbidden);
}
