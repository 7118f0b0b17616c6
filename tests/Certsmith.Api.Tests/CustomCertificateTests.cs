using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using Certsmith.Testing;

namespace Certsmith.Api.Tests;

/// <summary>
/// Issue 7, "Certificates from another CA": a CSR, the CA's answer installed as PEM, DER or PKCS#7, an upload as PEM
/// or PKCS#12 — and the corpus of bad files, each refused with the field and the reason, storing nothing.
/// </summary>
public sealed class CustomCertificateTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly OtherCa Ca = new();

    private async Task<(TenantSession Tenant, string Name)> TenantWithAddressAsync()
    {
        var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("shop");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        return (tenant, "www." + domain);
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("der")]
    [InlineData("pkcs7")]
    public async Task A_csr_made_here_is_completed_by_installing_what_the_ca_returned(string format)
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/csrs", new
        {
            names = new[] { name }, organization = "Example GmbH", organizationalUnit = "Web", locality = "Berlin", state = "Berlin", country = "DE", email = "admin@example.org", keyType = "rsa-2048",
        }).ExpectAsync(HttpStatusCode.Created);
        var csrPem = (string)created["csr"]!;
        var csr = CertificateRequest.LoadSigningRequestPem(csrPem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Contains("O=Example GmbH", csr.SubjectName.Name, StringComparison.Ordinal);
        Assert.Contains("C=DE", csr.SubjectName.Name, StringComparison.Ordinal);
        Assert.Contains(name, csr.CertificateExtensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.NotNull(csr.PublicKey.GetRSAPublicKey());
        var id = (string)created["certificate"]!["id"]!;
        Assert.Equal("pending", (string?)created["certificate"]!["state"]);

        using var issued = Ca.SignCsr(csrPem, [name]);
        object body = format switch
        {
            "pem" => new { certificate = OtherCa.Pem(issued, Ca.Intermediate) },
            "der" => new { certificateBase64 = Convert.ToBase64String(issued.RawData) },
            _ => new { certificateBase64 = Convert.ToBase64String(OtherCa.Pkcs7(Ca.Intermediate, issued)) },
        };
        var installed = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{id}/install", body).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("valid", (string?)installed["state"]);
        Assert.Equal("custom", (string?)installed["kind"]);
        Assert.Equal([name], installed["names"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("Other CA Intermediate", (string?)installed["issuer"], StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", await tenant.SnapshotAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_with_its_key_is_uploaded_as_pem_or_pkcs12_and_the_key_is_never_returned()
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        var (leaf, key) = Ca.Issue([name]);
        using (leaf)
        using (key)
        {
            var pem = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = OtherCa.Pem(leaf, Ca.Intermediate), privateKey = key.ExportPkcs8PrivateKeyPem() }).ExpectAsync(HttpStatusCode.Created);
            Assert.Equal("valid", (string?)pem["state"]);

            using var withKey = leaf.CopyWithPrivateKey(key);
            var pfx = new X509Certificate2Collection { withKey, Ca.Intermediate }.Export(X509ContentType.Pkcs12, "s3cret")!;
            var p12 = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { pkcs12Base64 = Convert.ToBase64String(pfx), password = "s3cret" }).ExpectAsync(HttpStatusCode.Created);
            Assert.Equal("valid", (string?)p12["state"]);
        }
        Assert.DoesNotContain("PRIVATE KEY", await tenant.SnapshotAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_encrypted_rsa_key_with_its_password_is_accepted()
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30));
        var encrypted = rsa.ExportEncryptedPkcs8PrivateKeyPem("right", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        var uploaded = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = selfSigned.ExportCertificatePem(), privateKey = encrypted, password = "right" }).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("valid", (string?)uploaded["state"]);
    }

    [Fact]
    public async Task An_intermediate_that_is_not_a_ca_is_refused()
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        using var notCaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var notCaRequest = new CertificateRequest("CN=Not A CA", notCaKey, HashAlgorithmName.SHA256);
        notCaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var notCa = notCaRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leaf = leafRequest.Create(notCa.SubjectName, X509SignatureGenerator.CreateForECDsa(notCaKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = OtherCa.Pem(leaf, notCa), privateKey = leafKey.ExportPkcs8PrivateKeyPem() }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("chain"), problem.Raw);
        Assert.Contains("not a CA certificate", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    public static TheoryData<string> BadUploads() =>
    [
        "not a certificate", "truncated PEM", "a CSR where the certificate belongs", "a key where the certificate belongs", "a key that does not match",
        "an encrypted key with a wrong password", "a PKCS#12 with a wrong password", "expired", "not yet valid", "a chain that does not lead from the leaf",
        "a name outside the tenant's domains", "names that cover none of the tenant's addresses", "a 20 MB file",
    ];

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_refused_with_the_field_and_reason_and_stores_nothing(string what)
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        var (leaf, key) = Ca.Issue([name]);
        using var other = new OtherCa("Unrelated CA");
        using (leaf)
        using (key)
        {
            var chain = OtherCa.Pem(leaf, Ca.Intermediate);
            var keyPem = key.ExportPkcs8PrivateKeyPem();
            (object Body, string Field, string Says) = what switch
            {
                "not a certificate" => ((object)new { certificate = "hello, I am a certificate", privateKey = keyPem }, "certificate", "not a certificate"),
                "truncated PEM" => (new { certificate = chain[..(chain.Length / 3)], privateKey = keyPem }, "certificate", "truncated"),
                "a CSR where the certificate belongs" => (new { certificate = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSigningRequestPem(), privateKey = keyPem }, "certificate", "CSR"),
                "a key where the certificate belongs" => (new { certificate = keyPem, privateKey = keyPem }, "certificate", "private key"),
                "a key that does not match" => (new { certificate = chain, privateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportPkcs8PrivateKeyPem() }, "privateKey", "does not match"),
                "an encrypted key with a wrong password" => (new { certificate = chain, privateKey = key.ExportEncryptedPkcs8PrivateKeyPem("right", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)), password = "wrong" }, "password", "password"),
                "a PKCS#12 with a wrong password" => (new { pkcs12Base64 = Convert.ToBase64String(leaf.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12, "right")!), password = "wrong" }, "password", "wrong password"),
                "expired" => (Issued(Ca.Issue([name], DateTimeOffset.UtcNow.AddDays(-100), DateTimeOffset.UtcNow.AddDays(-10))), "certificate", "expired"),
                "not yet valid" => (Issued(Ca.Issue([name], DateTimeOffset.UtcNow.AddDays(10), DateTimeOffset.UtcNow.AddDays(100))), "certificate", "not valid yet"),
                "a chain that does not lead from the leaf" => (new { certificate = OtherCa.Pem(leaf, other.Intermediate), privateKey = keyPem }, "chain", "do not lead"),
                "a name outside the tenant's domains" => (Issued(Ca.Issue([name, "www.someone-else.example"])), "names", "not under one of your proven domains"),
                "names that cover none of the tenant's addresses" => (Issued(Ca.Issue(["other." + name[4..]])), "names", "cover none of your addresses"),
                // Refused while Kestrel reads it (the upload limit, 1 MiB), before any of it is parsed.
                _ => (new { certificate = new string('A', 20 * 1024 * 1024), privateKey = keyPem }, "body", "too large"),
            };
            var before = await tenant.SnapshotAsync();
            // As curl and the CLI do for large bodies: the refusal of a too-large body arrives before the body is sent.
            tenant.Client.DefaultRequestHeaders.ExpectContinue = true;

            // A body with its length, as files are sent: a too-large one is refused from its Content-Length alone.
            using var content = new StringContent(System.Text.Json.JsonSerializer.Serialize(Body), System.Text.Encoding.UTF8, "application/json");
            var problem = await tenant.Client.PostAsync($"{tenant.Base}/certificates/upload", content).ExpectProblemAsync(HttpStatusCode.BadRequest);

            Assert.True(problem.Errors.ContainsKey(Field), $"{what}: {problem.Raw}");
            Assert.Contains(Says, problem.Detail, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(before, await tenant.SnapshotAsync());
        }
    }

    [Fact]
    public async Task A_certificate_for_another_csr_is_refused_at_install()
    {
        var (tenant, name) = await TenantWithAddressAsync();
        using var _ = tenant;
        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/csrs", new { names = new[] { name } }).ExpectAsync(HttpStatusCode.Created);
        var (leaf, key) = Ca.Issue([name]);
        using (leaf)
        using (key)
        {
            var before = await tenant.SnapshotAsync();
            var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{created["certificate"]!["id"]}/install", new { certificate = OtherCa.Pem(leaf) }).ExpectProblemAsync(HttpStatusCode.BadRequest);

            Assert.Contains("matches the key of this CSR", problem.Detail, StringComparison.Ordinal);
            Assert.Equal(before, await tenant.SnapshotAsync());
        }
    }

    [Fact]
    public async Task A_csr_for_a_name_outside_the_tenants_domains_is_refused()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/csrs", new { names = new[] { "www.not-mine.example" } }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("names"));
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    private static object Issued((X509Certificate2 Leaf, ECDsa Key) issued)
    {
        using var leaf = issued.Leaf;
        using var key = issued.Key;
        return new { certificate = OtherCa.Pem(leaf, Ca.Intermediate), privateKey = key.ExportPkcs8PrivateKeyPem() };
    }
}

/// <summary>Attaching a custom certificate: only a valid one, only to the tenant's addresses it covers.</summary>
public sealed class AttachCertificateTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_valid_custom_certificate_attaches_to_the_addresses_it_covers_only()
    {
        using var ca = new OtherCa();
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("shop");
        var www = await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        var api = await tenant.AddAddressAsync((string)site["id"]!, "api." + domain);
        var (leaf, key) = ca.Issue(["www." + domain]);
        string certificateId;
        using (leaf)
        using (key)
        {
            certificateId = (string)(await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = OtherCa.Pem(leaf, ca.Intermediate), privateKey = key.ExportPkcs8PrivateKeyPem() }).ExpectAsync(HttpStatusCode.Created))["id"]!;
        }
        var before = await tenant.SnapshotAsync();

        var notCovered = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{certificateId}/attach", new { addressIds = new[] { www["id"], api["id"] } }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("does not cover api." + domain, notCovered.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
        var pendingCsr = await tenant.Client.PostJsonAsync($"{tenant.Base}/csrs", new { names = new[] { "www." + domain } }).ExpectAsync(HttpStatusCode.Created);
        var notInstalled = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{pendingCsr["certificate"]!["id"]}/attach", new { addressIds = new[] { www["id"] } }).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("not installed yet", notInstalled.Detail, StringComparison.Ordinal);

        var attached = await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{certificateId}/attach", new { addressIds = new[] { www["id"] } }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(certificateId, (string?)attached[0]!["customCertificateId"]);
        var shown = (await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK))["addresses"]!.AsArray();
        Assert.Equal(certificateId, (string?)shown.Single(a => (string?)a!["name"] == "www." + domain)!["customCertificateId"]);

        using var other = await TenantSession.CreateAsync(fixture.Host);
        await other.Client.PostJsonAsync($"{tenant.Base}/certificates/{certificateId}/attach", new { addressIds = new[] { www["id"] } }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await other.Client.DeleteAsync($"{other.Base}/addresses/{www["id"]}/custom-certificate").ExpectProblemAsync(HttpStatusCode.NotFound);
        await tenant.Client.DeleteAsync($"{tenant.Base}/addresses/{www["id"]}/custom-certificate").ExpectAsync(HttpStatusCode.NoContent);

        // Removing the certificate detaches it everywhere and retires it; another tenant cannot, a managed one is not removed so.
        await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/{certificateId}/attach", new { addressIds = new[] { www["id"] } }).ExpectAsync(HttpStatusCode.OK);
        await other.Client.DeleteAsync($"{tenant.Base}/certificates/{certificateId}").ExpectProblemAsync(HttpStatusCode.NotFound);
        var removed = await tenant.Client.DeleteAsync($"{tenant.Base}/certificates/{certificateId}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("retired", (string?)removed["state"]);
        var after = (await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK))["addresses"]!.AsArray();
        Assert.All(after, a => Assert.Null((string?)a!["customCertificateId"]));
        var managed = (await tenant.Client.GetAsync($"{tenant.Base}/certificates").ExpectAsync(HttpStatusCode.OK)).AsArray().First(c => (string?)c!["kind"] == "managed")!;
        await tenant.Client.DeleteAsync($"{tenant.Base}/certificates/{managed["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}
