using System.Security.Claims;
using System.Text;
using Certsmith.Api.Authentication;
using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Certificates.Custom;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary>
/// Certificates from another CA: <c>POST /csrs</c> (generate a CSR), <c>GET /certificates/{id}/csr</c>,
/// <c>POST /certificates/{id}/install</c> (the CA's answer) and <c>POST /certificates/upload</c> (certificate and key).
/// A private key is never returned.
/// </summary>
internal static class CustomCertificateEndpoints
{
    public static void Map(IEndpointRouteBuilder tenant)
    {
        var group = tenant.MapGroup("").WithTags("Certificates from other CAs");
        group.MapPost("/csrs", CreateCsrAsync).WithJsonBody<CreateCsrRequest>().Produces<CsrResponse>(StatusCodes.Status201Created);
        group.MapGet("/certificates/{certificateId}/csr", GetCsrAsync);
        group.MapPost("/certificates/{certificateId}/install", InstallAsync).WithUploadLimit().WithJsonBody<InstallCertificateRequest>().Produces<CertificateResponse>();
        group.MapPost("/certificates/upload", UploadAsync).WithUploadLimit().WithJsonBody<UploadCertificateRequest>().Produces<CertificateResponse>(StatusCodes.Status201Created);
        group.MapPost("/certificates/{certificateId}/attach", AttachAsync).WithJsonBody<AttachCertificateRequest>().Produces<List<AttachedAddressResponse>>();
        group.MapDelete("/addresses/{addressId}/custom-certificate", DetachAsync).Produces(StatusCodes.Status204NoContent);
        group.MapDelete("/certificates/{certificateId}", RemoveAsync);
    }

    private static async Task<CertificateResponse> RemoveAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        return (await custom.RemoveAsync(id, Ids.Parse(certificateId, "certificate"), cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> AttachAsync(string tenantId, string certificateId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var certificate = Ids.Parse(certificateId, "certificate");
        var body = await JsonBody.ReadAsync<AttachCertificateRequest>(request, cancellationToken).ConfigureAwait(false);
        var attached = await custom.AttachAsync(id, certificate, body.AddressIds, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(attached.Select(a => new AttachedAddressResponse(a.Id, a.Name.Value, a.CustomCertificateId)).ToList());
    }

    private static async Task<IResult> DetachAsync(string tenantId, string addressId, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        await custom.DetachAsync(id, Ids.Parse(addressId, "address"), cancellationToken).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateCsrAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<CreateCsrRequest>(request, cancellationToken).ConfigureAwait(false);
        var record = await custom.GenerateCsrAsync(id, body.Names,
            new CsrSubject(body.CommonName, body.Organization, body.OrganizationalUnit, body.Locality, body.State, body.Country, body.Email), body.KeyType, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/certificates/{record.Id}", new CsrResponse(record.ToResponse(), record.CsrPem!));
    }

    private static async Task<CsrResponse> GetCsrAsync(string tenantId, string certificateId, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CertificateService certificates, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var certificate = Ids.Parse(certificateId, "certificate");
        var csr = await custom.GetCsrAsync(id, certificate, cancellationToken).ConfigureAwait(false);
        return new CsrResponse((await certificates.GetCertificateAsync(id, certificate, cancellationToken).ConfigureAwait(false)).ToResponse(), csr);
    }

    private static async Task<CertificateResponse> InstallAsync(string tenantId, string certificateId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var certificate = Ids.Parse(certificateId, "certificate");
        var body = await JsonBody.ReadAsync<InstallCertificateRequest>(request, cancellationToken).ConfigureAwait(false);
        var content = File(body.Certificate, body.CertificateBase64, "certificate")
            ?? throw new PlatformInputException(PlatformInputError.Invalid, "certificate", "Give the certificate the CA returned (PEM text, or the file in base64).");
        return (await custom.InstallAsync(id, certificate, content, cancellationToken).ConfigureAwait(false)).ToResponse();
    }

    private static async Task<IResult> UploadAsync(string tenantId, HttpRequest request, ClaimsPrincipal user, TenantScope scope, CustomCertificateService custom, CancellationToken cancellationToken)
    {
        var id = await scope.ResolveAsync(user, tenantId, cancellationToken).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync<UploadCertificateRequest>(request, cancellationToken).ConfigureAwait(false);
        var record = await custom.UploadAsync(id, File(body.Certificate, null, "certificate"), File(body.PrivateKey, null, "privateKey"),
            File(null, body.Pkcs12Base64, "pkcs12Base64"), body.Password, cancellationToken).ConfigureAwait(false);
        return TypedResults.Created($"/api/v1/tenants/{id}/certificates/{record.Id}", record.ToResponse());
    }

    /// <summary>A file given as text or as base64 (not both); null when neither.</summary>
    private static byte[]? File(string? text, string? base64, string field)
    {
        if (text is not null && base64 is not null)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, field, "Give the file as text or as base64, not both.");
        }
        if (text is not null)
        {
            return Encoding.UTF8.GetBytes(text);
        }
        if (base64 is null)
        {
            return null;
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, field, "That is not base64.");
        }
    }
}
