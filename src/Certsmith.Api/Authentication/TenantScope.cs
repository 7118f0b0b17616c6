using System.Security.Claims;
using Certsmith.Core.Platform;

namespace Certsmith.Api.Authentication;

/// <summary>
/// Resolves the <c>{tenantId}</c> of a route for the caller: a tenant token may only name its own tenant, an
/// admin token any that exists. Anything else is "no such tenant", exactly as if it did not exist.
/// Thread-safe.
/// </summary>
internal sealed class TenantScope(TenantService tenants)
{
    public async Task<Guid> ResolveAsync(ClaimsPrincipal user, string tenantId, CancellationToken cancellationToken)
    {
        var id = Ids.Parse(tenantId, "tenant");
        var caller = Caller.From(user);
        if (caller.TenantId is { } own)
        {
            return own == id ? id : throw PlatformInputException.NotFound("tenant");
        }
        await tenants.GetTenantAsync(id, cancellationToken).ConfigureAwait(false);
        return id;
    }
}
