using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary><c>/api/v1/tenants/{tenantId}/certificates</c>: state, names, validity, issuer, failures and history — never a key.</summary>
internal static class CertificateEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var certificates = tenant.MapGroup("/certificates").WithTags("Certificates");
        certificates.MapGet("", ListAsync);
        certificates.MapGet("/{certificateId}", GetAsync);
        certificates.MapGet("/{certificateId}/events", EventsAsync);
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
