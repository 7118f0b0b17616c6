using System.Net;
using System.Text.Json.Nodes;
using Certsmith.Testing;

namespace Certsmith.Api.Tests;

/// <summary>
/// A tenant with one of everything, made through the API: a proven domain, a site with an address (and its managed
/// certificate), a certificate from another CA uploaded with its key and attached to that address, a CSR waiting for
/// its CA, a second token and a user who signs in to the panel. The access tests aim at every one of these.
/// </summary>
public sealed record TenantWorld(
    TenantSession Api,
    string Domain,
    string DomainId,
    string SiteId,
    string AddressId,
    string ManagedCertificateId,
    string CustomCertificateId,
    string CsrCertificateId,
    string Csr,
    string TokenId,
    string UserId,
    string UserEmail,
    string PrivateKeyPem)
{
    /// <summary>Every user's password in these tests.</summary>
    public const string Password = "correct horse battery";

    public string TenantId => Api.TenantId;

    public static async Task<TenantWorld> CreateAsync(ApiHost host, OtherCa ca)
    {
        var api = await TenantSession.CreateAsync(host);
        var name = TenantSession.NewDomainName();
        var domain = await api.AddDomainAsync(name);
        var site = await api.CreateSiteAsync("shop");
        var address = await api.AddAddressAsync((string)site["id"]!, "www." + name);

        var (leaf, key) = ca.Issue(["www." + name]);
        using (leaf)
        using (key)
        {
            var privateKeyPem = key.ExportPkcs8PrivateKeyPem();
            var custom = await api.Client.PostJsonAsync($"{api.Base}/certificates/upload", new
            {
                certificate = leaf.ExportCertificatePem() + "\n" + ca.Intermediate.ExportCertificatePem(),
                privateKey = privateKeyPem,
            }).ExpectAsync(HttpStatusCode.Created);
            await api.Client.PostJsonAsync($"{api.Base}/certificates/{custom["id"]}/attach", new { addressIds = new[] { (string)address["id"]! } })
                .ExpectAsync(HttpStatusCode.OK);
            var csr = await api.Client.PostJsonAsync($"{api.Base}/csrs", new { names = new[] { "api." + name } }).ExpectAsync(HttpStatusCode.Created);
            var token = await api.Client.PostJsonAsync($"{api.Base}/tokens", new { name = "deploy" }).ExpectAsync(HttpStatusCode.Created);
            var email = $"user-{Guid.NewGuid():N}@example.org";
            var user = await api.Client.PostJsonAsync($"{api.Base}/users", new { email, password = Password }).ExpectAsync(HttpStatusCode.Created);
            return new TenantWorld(
                api, name, Id(domain), Id(site), Id(address), (string)address["certificateId"]!, Id(custom), Id(csr["certificate"]!), (string)csr["csr"]!,
                Id(token), Id(user), email, privateKeyPem);
        }
    }

    private static string Id(JsonNode node) => (string)node["id"]!;
}
