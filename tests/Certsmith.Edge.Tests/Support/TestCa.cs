using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Edge.Tests.Support;

/// <summary>A certificate issued by <see cref="TestCa"/>: the leaf (no key), its PEM chain (leaf first) and its PKCS#8 key PEM.</summary>
public sealed record IssuedCertificate(X509Certificate2 Leaf, string ChainPem, string KeyPem, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>A small two-level CA (root → intermediate → leaf) made with CertificateRequest, new for each test.</summary>
public sealed class TestCa : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;

    public TestCa()
    {
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=Certsmith Edge Test Root", _rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _root = rootRequest.CreateSelfSigned(now.AddYears(-2), now.AddYears(5));

        var intermediateRequest = new CertificateRequest("CN=Certsmith Edge Test Intermediate", _intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var intermediate = intermediateRequest.Create(_root, now.AddYears(-2), now.AddYears(4), RandomSerial());
        _intermediate = intermediate.CopyWithPrivateKey(_intermediateKey);
    }

    public X509Certificate2 Root => _root;

    /// <summary>Issues a leaf for <paramref name="names"/> (wildcards allowed) valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public IssuedCertificate Issue(DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // X.509 validity has whole seconds; keep the record's times equal to the leaf's.
        notBefore = Truncate(notBefore);
        notAfter = Truncate(notAfter);
        var leaf = request.Create(_intermediate, notBefore, notAfter, RandomSerial());
        var chainPem = leaf.ExportCertificatePem() + "\n" + _intermediate.ExportCertificatePem() + "\n";
        return new IssuedCertificate(leaf, chainPem, key.ExportPkcs8PrivateKeyPem(), notBefore, notAfter);
    }

    /// <summary>Issues a leaf valid from an hour ago for <paramref name="lifetime"/> from now.</summary>
    public IssuedCertificate Issue(TimeSpan lifetime, params string[] names) =>
        Issue(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow + lifetime, names);

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);

    private static byte[] RandomSerial() => RandomNumberGenerator.GetBytes(16);
}
