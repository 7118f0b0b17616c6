using Certsmith.Api.Endpoints;
using Certsmith.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api;

/// <summary>Maps the REST API under <c>/api/v1</c> and its OpenAPI document at <c>/openapi/v1.json</c>.</summary>
public static class CertsmithApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route. Tenant objects live under <c>/api/v1/tenants/{tenantId}</c>, so access control is one
    /// check on that id; another tenant's id or object is "not found", exactly as if it did not exist.
    /// </summary>
    public static IEndpointRouteBuilder MapCertsmithApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(CertsmithApiServiceCollectionExtensions.PolicyName)
            .AddEndpointFilter(new PlatformInputFilter())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        TenantEndpoints.Map(api);
        UserEndpoints.MapAdmins(api);
        AdminEndpoints.Map(api);
        var tenant = api.MapGroup("/tenants/{tenantId}");
        TokenEndpoints.Map(tenant);
        DomainEndpoints.Map(tenant);
        SiteEndpoints.Map(tenant);
        AddressEndpoints.Map(tenant);
        CertificateEndpoints.Map(tenant);
        WildcardEndpoints.Map(tenant);
        CustomCertificateEndpoints.Map(tenant);
        UserEndpoints.MapTenantUsers(tenant);

        // Anything else under /api is a problem document too, not an empty 404.
        endpoints.Map("/api/{**rest}", (HttpContext context) => ApiProblems.Result(ApiProblems.Create(
            context, StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"There is no {context.Request.Method} {context.Request.Path} in this API (see /openapi/v1.json).", null)))
            .ExcludeFromDescription();
        endpoints.MapOpenApi();
        return endpoints;
    }
}
