using System.Globalization;
using System.Security.Claims;
using Certsmith.Core.Tenancy;

namespace Certsmith.Api.Authentication;

/// <summary>Who is calling: the authenticated token, as the handler put it in the principal.</summary>
/// <param name="TokenId">The token.</param>
/// <param name="TokenName">Its name.</param>
/// <param name="TenantId">Its tenant, or null for a platform admin.</param>
internal sealed record Caller(Guid TokenId, string TokenName, Guid? TenantId)
{
    private const string TokenIdClaim = "certsmith:token-id";
    private const string TenantIdClaim = "certsmith:tenant-id";

    public bool IsAdmin => TenantId is null;

    public static IEnumerable<Claim> Claims(ApiToken token)
    {
        yield return new Claim(TokenIdClaim, token.Id.ToString());
        yield return new Claim(ClaimTypes.Name, token.Name);
        if (token.TenantId is { } tenantId)
        {
            yield return new Claim(TenantIdClaim, tenantId.ToString());
        }
    }

    public static Caller From(ClaimsPrincipal user)
    {
        var tokenId = user.FindFirstValue(TokenIdClaim) ?? throw new InvalidOperationException("The endpoint runs without an authenticated API token.");
        var tenantId = user.FindFirstValue(TenantIdClaim);
        return new Caller(
            Guid.Parse(tokenId, CultureInfo.InvariantCulture),
            user.FindFirstValue(ClaimTypes.Name) ?? "",
            tenantId is null ? null : Guid.Parse(tenantId, CultureInfo.InvariantCulture));
    }
}
