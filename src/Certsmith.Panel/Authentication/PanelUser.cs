using System.Globalization;
using System.Security.Claims;
using Certsmith.Core.Tenancy;

namespace Certsmith.Panel.Authentication;

/// <summary>Who is signed in to the panel, as the session cookie carries it: the user, and its tenant (null for a platform admin).</summary>
/// <param name="UserId">The user.</param>
/// <param name="Email">Its sign-in name.</param>
/// <param name="TenantId">Its tenant, or null for a platform admin.</param>
internal sealed record PanelUser(Guid UserId, string Email, Guid? TenantId)
{
    private const string UserIdClaim = "certsmith:user-id";
    private const string TenantIdClaim = "certsmith:tenant-id";

    public bool IsAdmin => TenantId is null;

    /// <summary>Whether this user may see the tenant's objects: its own tenant, or any for a platform admin.</summary>
    public bool MaySee(Guid tenantId) => TenantId is null || TenantId == tenantId;

    public static ClaimsPrincipal Principal(User user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(UserIdClaim, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
        };
        if (user.TenantId is { } tenantId)
        {
            claims.Add(new Claim(TenantIdClaim, tenantId.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static PanelUser? From(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(UserIdClaim) is not { } userId || !Guid.TryParse(userId, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var tenant = principal.FindFirstValue(TenantIdClaim);
        return new PanelUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? "", tenant is null ? null : Guid.Parse(tenant, CultureInfo.InvariantCulture));
    }
}
