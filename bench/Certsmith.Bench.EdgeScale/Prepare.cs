using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Security;
using Certsmith.Core.Tenancy;
using Certsmith.Storage.Sqlite;

namespace Certsmith.Bench.EdgeScale;

/// <summary>
/// Generates the certificates once per N and caches them: a hosting platform's shape, one tenant per
/// <see cref="NamesPerTenant"/> names, one site per tenant, one address and one single-name certificate per name.
/// </summary>
internal static class Prepare
{
    private const int NamesPerTenant = 10;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string dir, int n)
    {
        if (File.Exists(Path.Combine(dir, "done")))
        {
            Console.WriteLine($"prepared {n} certificates already in {dir}");
            return 0;
        }
        Directory.CreateDirectory(Path.Combine(dir, "haproxy"));
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Certsmith Bench Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        var intermediateRequest = new CertificateRequest("CN=Certsmith Bench Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddYears(4), Serial());
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);
        var intermediatePem = intermediate.ExportCertificatePem() + "\n";
        await File.WriteAllTextAsync(Path.Combine(dir, "root.pem"), root.ExportCertificatePem() + "\n");

        var names = Enumerable.Range(0, n).Select(i => $"s{i}.t{i / NamesPerTenant}.bench.example").ToArray();
        var issued = new (string ChainPem, string KeyPem)[n];
        Parallel.For(0, n, i =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={names[i]}", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(names[i]);
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var leaf = request.Create(intermediate, now.AddDays(-1), now.AddDays(90), Serial());
            issued[i] = (leaf.ExportCertificatePem() + "\n" + intermediatePem, key.ExportPkcs8PrivateKeyPem() + "\n");
        });
        Console.WriteLine($"generated {n} certificates in {watch.Elapsed.TotalSeconds:F1} s");

        // HAProxy: one PEM (chain + key) per certificate, listed in a crt-list with its SNI name.
        var crtList = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            var file = Path.Combine(dir, "haproxy", $"{i}.pem");
            await File.WriteAllTextAsync(file, issued[i].ChainPem + issued[i].KeyPem);
            crtList.Append(Path.GetFullPath(file)).Append(' ').Append(names[i]).Append('\n');
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "haproxy", "crt-list.txt"), crtList.ToString());
        await File.WriteAllLinesAsync(Path.Combine(dir, "names.txt"), names);

        var masterKey = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllBytesAsync(Path.Combine(dir, "master.key"), masterKey);
        var protector = new MasterKeyProtector(masterKey);
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = Path.Combine(dir, "store.db") });
        await store.MigrateAsync(CancellationToken.None);
        await WriteStoreAsync(store, protector, names, issued, now);
        await File.WriteAllTextAsync(Path.Combine(dir, "done"), n.ToString(Inv));
        Console.WriteLine($"prepared {n} certificates in {dir} in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static async Task WriteStoreAsync(SqliteStore store, MasterKeyProtector protector, string[] names, (string ChainPem, string KeyPem)[] issued, DateTimeOffset now)
    {
        var ct = CancellationToken.None;
        Site? site = null;
        for (var i = 0; i < names.Length; i++)
        {
            if (i % NamesPerTenant == 0)
            {
                var tenant = new Tenant(Guid.NewGuid(), $"tenant{i / NamesPerTenant}", null, now);
                await store.Tenants.AddTenantAsync(tenant, ct);
                site = new Site(Guid.NewGuid(), tenant.Id, "site", null, false, null, now);
                await store.Sites.AddSiteAsync(site, ct);
            }
            var address = await store.Sites.AddAddressAsync(site!.Id, site.TenantId, DnsName.Parse(names[i]), Guid.NewGuid(), now, ct);
            var id = Guid.NewGuid();
            await store.Certificates.AddCertificateAsync(new CertificateRecord
            {
                Id = id,
                TenantId = site.TenantId,
                Kind = CertificateKind.Managed,
                Names = [address.Name],
                State = CertificateState.Valid,
                ChainPem = issued[i].ChainPem,
                ProtectedKey = protector.Protect(Encoding.UTF8.GetBytes(issued[i].KeyPem), KeyPurposes.Certificate(id)),
                NotBefore = now.AddDays(-1),
                NotAfter = now.AddDays(90),
                CreatedAt = now,
                UpdatedAt = now,
            }, ct);
            await store.Certificates.AssignAsync(new Assignment(address.Id, id, "bench", now), ct);
        }
    }

    private static byte[] Serial() => RandomNumberGenerator.GetBytes(16);
}
