using System.Security.Claims;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary><c>/api/v1/tenants/{tenantId}/sites</c>: sites, their backend, and (in detail) their addresses' certificates.</summary>
internal static class SiteEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var sites = tenant.MapGroup("/sites").WithTags("Sites");
        sites.MapPost("", CreateAsync).WithJsonBody<CreateSiteRequest>().Produces<SiteResponse>(StatusCodes.Status201Created);
        sites.MapGet("", ListAsync);
        sites.MapGet("/{siteId}", GetAsync);
        sites.MapPatch("/{siteId}", UpdateAsync).WithJsonBody<UpdateSiteRequest>().Produces<SiteResponse>();
        sites.MapPut("/{siteId}/https", SetHttpsAsync).WithJsonBody<SiteHttpsRequest>().Produces<SiteResponse>();
        sites.MapDelete("/{siteId}", DeleteAsync).Produces(StatusCodes.Status204NoContent);
    }

    private static async Task<SiteResponse> SetHttpsAsync(string tenantId, string siteId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var site = Ids.Parse(siteId, "site");
        // Check the site before the body, so another tenant's id is "not found" whatever the body says.
        await sites.GetSiteAsync(id, site, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<SiteHttpsRequest>(request, cancellationToken).ConfigureAwait(false);
        return (await sites.SetHttpsAsync(id, site, body.ForceHttps ?? false, body.HstsMaxAgeSeconds, body.HstsIncludeSubDomains ?? false, body.HstsPreload ?? false, cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> CreateAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<CreateSiteRequest>(request, cancellationToken).ConfigureAwait(false);
        var site = await sites.CreateSiteAsync(id, body.Name!, body.Backend, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/sites/{site.Id}", site.ToResponse());
    }

    private static async Task<List<SiteResponse>> ListAsync(string tenantId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await sites.ListSitesAsync(id, cancellationToken).ConfigureAwait(false)).Select(s => s.ToResponse()).ToList();
    }

    private static async Task<SiteDetailResponse> GetAsync(string tenantId, string siteId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var site = await sites.GetSiteAsync(id, Ids.Parse(siteId, "site"), cancellationToken).ConfigureAwait(false);
        var addresses = await AddressEndpoints.DescribeAsync(id, await sites.ListAddressesAsync(id, site.Id, cancellationToken).ConfigureAwait(false), certificates, cancellationToken).ConfigureAwait(false);
        return site.ToDetail(addresses);
    }

    private static async Task<SiteResponse> UpdateAsync(string tenantId, string siteId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var site = Ids.Parse(siteId, "site");
        // Check the site before the body, so another tenant's id is "not found" whatever the body says.
        await sites.GetSiteAsync(id, site, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<UpdateSiteRequest>(request, cancellationToken).ConfigureAwait(false);
        return (await sites.SetBackendAsync(id, site, body.Backend, cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> DeleteAsync(string tenantId, string siteId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        await sites.RemoveSiteAsync(id, Ids.Parse(siteId, "site"), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }
}
