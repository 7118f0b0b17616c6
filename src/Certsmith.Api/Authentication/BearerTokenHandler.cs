using System.Security.Claims;
using System.Text.Encodings.Web;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Certsmith.Api.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750 §2.1), checked against the stored hashes; a missing,
/// unknown or revoked token is answered with a 401 problem document and <c>WWW-Authenticate: Bearer</c>.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TenantService tenants)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CertsmithToken";
    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be \"Bearer <token>\".");
        }
        var token = await tenants.AuthenticateAsync(header[Bearer.Length..].Trim(), Context.RequestAborted).ConfigureAwait(false);
        if (token is null)
        {
            return AuthenticateResult.Fail("The API token is unknown or has been revoked.");
        }
        var identity = new ClaimsIdentity(Caller.Claims(token), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var detail = result.Failure?.Message ?? "This API needs an API token: send \"Authorization: Bearer <token>\".";
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.WriteAsync(Context, ApiProblems.Create(Context, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", detail, null)).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, ApiProblems.Create(Context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", "This token may not do that.", null));
}
