using System.Globalization;
using System.Security.Claims;
using Certsmith.Core.Tenancy;

namespace Certsmith.Panel.Authentication;

/// <summary>
/// Who is signed in to the panel, as the session cookie carries it: the user, its tenant (null for a platform admin),
/// the user's session stamp when the session began, and when it began (checked by <see cref="PanelCookieEvents"/>).
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="Email">Its sign-in name.</param>
/// <param name="TenantId">Its tenant, or null for a platform admin.</param>
/// <param name="SessionStamp">The user's session stamp when the session began; a different stored one ends the session.</param>
/// <param name="IssuedAt">When the session began (sign-in or password change); the cookie's own issue time moves with every renewal.</param>
internal sealed record PanelUser(Guid UserId, string Email, Guid? TenantId, string SessionStamp, DateTimeOffset IssuedAt)
{
    private const string UserIdClaim = "certsmith:user-id";
    private const string TenantIdClaim = "certsmith:tenant-id";
    private const string SessionStampClaim = "certsmith:session-stamp";
    private const string IssuedAtClaim = "certsmith:issued-at";

    public bool IsAdmin => TenantId is null;

    /// <summary>Whether this user may see the tenant's objects: its own tenant, or any for a platform admin.</summary>
    public bool MaySee(Guid tenantId) => TenantId is null || TenantId == tenantId;

    /// <summary>The claims of a session of <paramref name="user"/> that begins at <paramref name="issuedAt"/>.</summary>
    public static ClaimsPrincipal Principal(User user, string scheme, DateTimeOffset issuedAt)
    {
        var claims = new List<Claim>
        {
            new(UserIdClaim, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
            new(SessionStampClaim, user.SessionStamp),
            new(IssuedAtClaim, issuedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        if (user.TenantId is { } tenantId)
        {
            claims.Add(new Claim(TenantIdClaim, tenantId.ToString()));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The session's user, or null when a claim is missing or malformed (a cookie from before stamps: no session).</summary>
    public static PanelUser? From(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(UserIdClaim) is not { } userId || !Guid.TryParse(userId, CultureInfo.InvariantCulture, out var id)
            || principal.FindFirstValue(SessionStampClaim) is not { Length: > 0 } stamp
            || !long.TryParse(principal.FindFirstValue(IssuedAtClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return null;
        }
        var tenant = principal.FindFirstValue(TenantIdClaim);
        return new PanelUser(id, principal.FindFirstValue(ClaimTypes.Name) ?? "", tenant is null ? null : Guid.Parse(tenant, CultureInfo.InvariantCulture),
            stamp, DateTimeOffset.FromUnixTimeSeconds(issued));
    }
}
