using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// Issue 7: a certificate from another CA, uploaded and attached to an address, is what a TLS client gets for that
/// name at the real edge (DESIGN.md serving rule 1, before the managed one); detached, the managed one is back.
/// </summary>
public sealed class CustomCertificateServingTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task An_attached_custom_certificate_is_served_before_the_managed_one_and_detaching_restores_it()
    {
        const string name = "shop.e2e-custom.example";
        var tenant = await fixture.TenantWithDomainsAsync("e2e-custom.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "custom" });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name });
        await fixture.WaitForValidAsync(tenant, [name], TimeSpan.FromSeconds(90));

        // "Another CA": a self-signed root that signs the tenant's certificate.
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Another CA E2E Root", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leaf = leafRequest.Create(root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        var uploaded = await fixture.PostAsync($"/api/v1/tenants/{tenant}/certificates/upload",
            new { certificate = leaf.ExportCertificatePem() + "\n" + root.ExportCertificatePem(), privateKey = leafKey.ExportPkcs8PrivateKeyPem() });

        using (var attach = await fixture.Api.PostAsJsonAsync($"/api/v1/tenants/{tenant}/certificates/{uploaded["id"]}/attach", new { addressIds = new[] { address["id"] } }))
        {
            Assert.Equal(HttpStatusCode.OK, attach.StatusCode);
        }
        await WaitForIssuerAsync(name, "Another CA E2E Root", served: true);

        using (var detach = await fixture.Api.DeleteAsync($"/api/v1/tenants/{tenant}/addresses/{address["id"]}/custom-certificate"))
        {
            Assert.Equal(HttpStatusCode.NoContent, detach.StatusCode);
        }
        await WaitForIssuerAsync(name, "Another CA E2E Root", served: false);
        var (managed, chainsToPebble) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, name, fixture.CaRoot);
        using (managed)
        {
            Assert.True(chainsToPebble, "after detaching, the managed certificate from the platform's CA is served again");
        }
    }

    private async Task WaitForIssuerAsync(string name, string issuer, bool served)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (leaf, _) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, name, fixture.CaRoot);
            using (leaf)
            {
                if (leaf.Issuer.Contains(issuer, StringComparison.Ordinal) == served)
                {
                    return;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"{name}: the edge did not {(served ? "start" : "stop")} serving the certificate from {issuer} within 30 s.");
            await Task.Delay(100);
        }
    }
}
