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
/// <c>/api/v1/tenants/{tenantId}/sites/{siteId}/addresses</c> (adding runs the certificate policy) and
/// <c>/api/v1/tenants/{tenantId}/addresses/{addressId}</c> (an address, its certificate and history).
/// </summary>
internal static class AddressEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var addresses = tenant.MapGroup("/sites/{siteId}/addresses").WithTags("Addresses");
        addresses.MapPost("", AddAsync).WithJsonBody<AddAddressRequest>().Produces<AddressResponse>(StatusCodes.Status201Created);
        addresses.MapGet("", ListAsync);
        addresses.MapDelete("/{addressId}", RemoveAsync).Produces(StatusCodes.Status204NoContent);
        tenant.MapGet("/addresses/{addressId}", GetAsync).WithTags("Addresses");
    }

    /// <summary>Addresses with the state of the certificate assigned to each.</summary>
    public static async Task<List<AddressResponse>> DescribeAsync(Guid tenantId, IEnumerable<SiteAddress> addresses, CertificateService certificates, CancellationToken cancellationToken)
    {
        var all = addresses.ToList();
        var assigned = await certificates.GetAssignedCertificatesAsync(tenantId, all.Select(a => a.Id).ToList(), cancellationToken).ConfigureAwait(false);
        return all.Select((address, i) => address.ToResponse(assigned[i])).ToList();
    }

    private static async Task<IResult> AddAsync(string tenantId, string siteId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, SiteService sites, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var site = Ids.Parse(siteId, "site");
        await sites.GetSiteAsync(id, site, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<AddAddressRequest>(request, cancellationToken).ConfigureAwait(false);
        var address = await sites.AddAddressAsync(id, site, body.Name!, cancellationToken).ConfigureAwait(false);
        var certificate = await certificates.GetAssignedCertificateAsync(id, address.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/addresses/{address.Id}", address.ToResponse(certificate));
    }

    private static async Task<List<AddressResponse>> ListAsync(string tenantId, string siteId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var addresses = await sites.ListAddressesAsync(id, Ids.Parse(siteId, "site"), cancellationToken).ConfigureAwait(false);
        return await DescribeAsync(id, addresses, certificates, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> RemoveAsync(string tenantId, string siteId, string addressId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var site = Ids.Parse(siteId, "site");
        var address = await sites.GetAddressAsync(id, Ids.Parse(addressId, "address"), cancellationToken).ConfigureAwait(false);
        if (address.SiteId != site)
        {
            throw PlatformInputException.NotFound("address");
        }
        await sites.RemoveAddressAsync(id, address.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<AddressDetailResponse> GetAsync(string tenantId, string addressId, ClaimsPrincipal user, TenantScope scope, SiteService sites, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var address = await sites.GetAddressAsync(id, Ids.Parse(addressId, "address"), cancellationToken).ConfigureAwait(false);
        var site = await sites.GetSiteAsync(id, address.SiteId, cancellationToken).ConfigureAwait(false);
        var certificate = await certificates.GetAssignedCertificateAsync(id, address.Id, cancellationToken).ConfigureAwait(false);
        var events = await certificates.ListAddressEventsAsync(id, address.Id, cancellationToken).ConfigureAwait(false);
        return address.ToDetail(site, certificate, events);
    }
}
