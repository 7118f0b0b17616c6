using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary>
/// <c>/api/v1/tenants/{tenantId}/certificates</c>: state, names, validity, issuer, failures and history — never a key;
/// and "check again" for a managed certificate.
/// </summary>
internal static class CertificateEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var certificates = tenant.MapGroup("/certificates").WithTags("Certificates");
        certificates.MapGet("", ListAsync);
        certificates.MapGet("/{certificateId}", GetAsync);
        certificates.MapGet("/{certificateId}/events", EventsAsync);
        certificates.MapPost("/{certificateId}/check-again", CheckAgainAsync).Produces<CertificateResponse>(StatusCodes.Status202Accepted);
    }

    // 202: the attempt is scheduled due now and the processor woken; the answer is the record as it stands.
    private static async Task<IResult> CheckAgainAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var certificate = await certificates.CheckAgainAsync(id, Ids.Parse(certificateId, "certificate"), cancellationToken).ConfigureAwait(false);
        return TypedResults.Accepted($"/api/v1/tenants/{id}/certificates/{certificate.Id}", certificate.ToResponse());
    }

    private static async Task<List<CertificateResponse>> ListAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await certificates.ListCertificatesAsync(id, cancellationToken).ConfigureAwait(false)).Select(c => c.ToResponse()).ToList();
    }

    private static async Task<CertificateResponse> GetAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await certificates.GetCertificateAsync(id, Ids.Parse(certificateId, "certificate"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<List<EventResponse>> EventsAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await certificates.ListCertificateEventsAsync(id, Ids.Parse(certificateId, "certificate"), cancellationToken).ConfigureAwait(false)).Select(e => e.ToResponse()).ToList();
    }
}
