using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Certsmith.Testing;

namespace Certsmith.Api.Tests;

/// <summary>
/// Every operation the API's OpenAPI document lists, turned into requests aimed at one tenant's objects with a body
/// that would succeed. Read from the document, so a new route is in every access matrix the day it is mapped; a new
/// route parameter or request body the matrix cannot fill fails the test and says what to teach it.
/// </summary>
public static partial class ApiRoutes
{
    /// <summary>One operation: its method and path template, and whether it takes a JSON body.</summary>
    public sealed record Operation(string Method, string Template, bool HasBody)
    {
        public bool IsTenantScoped => Template.StartsWith("/api/v1/tenants/{tenantId}", StringComparison.Ordinal);

        /// <summary>Whether it names an object inside a tenant (a site, a certificate, …), not just the tenant.</summary>
        public bool NamesAnObject => Parameter().Matches(Template).Any(m => m.Groups[1].Value != "tenantId");

        public override string ToString() => $"{Method} {Template}";
    }

    public static async Task<IReadOnlyList<Operation>> ReadAsync(ApiHost host)
    {
        using var anonymous = host.Client(null);
        var document = await anonymous.GetAsync("/openapi/v1.json").ExpectAsync(HttpStatusCode.OK);
        var operations = new List<Operation>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "post" or "put" or "patch" or "delete")
                {
                    operations.Add(new Operation(method.ToUpperInvariant(), template, operation!["requestBody"] is not null));
                }
            }
        }
        return operations;
    }

    /// <summary>
    /// The request for <paramref name="operation"/> with <paramref name="tenantId"/> and <paramref name="target"/>'s
    /// object ids in its path, and a body that would do something real to the target.
    /// </summary>
    public static HttpRequestMessage Request(Operation operation, string tenantId, TenantWorld target, OtherCa ca)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["tenantId"] = tenantId,
            ["domainId"] = target.DomainId,
            ["siteId"] = target.SiteId,
            ["addressId"] = target.AddressId,
            ["certificateId"] = target.CustomCertificateId,
            ["tokenId"] = target.TokenId,
            ["userId"] = target.UserId,
            // The test host offers no challenge zone, so no tenant can hold a delegation: any id is someone's-or-no-one's.
            ["delegationId"] = Guid.NewGuid().ToString(),
        };
        var path = Parameter().Replace(operation.Template, m => ids.TryGetValue(m.Groups[1].Value, out var id)
            ? id
            : throw new InvalidOperationException($"{operation}: the access matrix has no id for {{{m.Groups[1].Value}}}; add one to ApiRoutes.Request."));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (operation.HasBody)
        {
            request.Content = JsonContent.Create(Body(operation, target, ca));
        }
        return request;
    }

    private static object Body(Operation operation, TenantWorld target, OtherCa ca)
    {
        var tail = operation.Template.Replace("/api/v1/tenants/{tenantId}", "", StringComparison.Ordinal);
        var fresh = "n" + Guid.NewGuid().ToString("N")[..8] + "." + target.Domain;
        return (operation.Method, tail) switch
        {
            ("POST", "/api/v1/tenants") => new { name = "intruder" },
            ("POST", "/api/v1/admins") or ("POST", "/users") => new { email = $"intruder-{Guid.NewGuid():N}@example.org", password = TenantWorld.Password },
            ("PUT", "/api/v1/admins/{userId}/password") or ("PUT", "/users/{userId}/password") => new { password = "intruder's password" },
            ("PATCH", "") => new { wildcardThreshold = 2 },
            ("PUT", "/webhook") => new { url = "http://127.0.0.1:9/hook" },
            ("POST", "/tokens") => new { name = "intruder" },
            ("POST", "/domains") => new { name = TenantSession.NewDomainName(), kind = "hostedZone" },
            ("POST", "/sites") => new { name = "intruder" },
            ("PATCH", "/sites/{siteId}") => new { backend = "http://192.0.2.10:8080/" },
            ("PUT", "/sites/{siteId}/https") => new { forceHttps = true, hstsMaxAgeSeconds = 300, hstsIncludeSubDomains = false, hstsPreload = false },
            ("POST", "/sites/{siteId}/addresses") => new { name = fresh },
            ("POST", "/csrs") => new { names = new[] { fresh } },
            ("POST", "/certificates/{certificateId}/install") => Install(target, ca),
            ("POST", "/certificates/upload") => Upload(fresh, ca),
            ("POST", "/certificates/{certificateId}/attach") => new { addressIds = new[] { target.AddressId } },
            ("POST", "/wildcards") or ("POST", "/delegations") => new { parent = target.Domain },
            _ => throw new InvalidOperationException($"{operation}: the access matrix has no body for it; add one to ApiRoutes.Body."),
        };
    }

    private static object Upload(string name, OtherCa ca)
    {
        var (leaf, key) = ca.Issue([name]);
        using (leaf)
        using (key)
        {
            return new { certificate = Pem(leaf, ca), privateKey = key.ExportPkcs8PrivateKeyPem() };
        }
    }

    private static object Install(TenantWorld target, OtherCa ca)
    {
        using var signed = ca.SignCsr(target.Csr, ["api." + target.Domain]);
        return new { certificate = Pem(signed, ca) };
    }

    /// <summary>A leaf and its intermediate, as a CA sends them.</summary>
    public static string Pem(System.Security.Cryptography.X509Certificates.X509Certificate2 leaf, OtherCa ca) =>
        leaf.ExportCertificatePem() + "\n" + ca.Intermediate.ExportCertificatePem();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();
}
