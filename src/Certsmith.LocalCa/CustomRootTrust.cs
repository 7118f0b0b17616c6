using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.LocalCa;

/// <summary>Server certificate validation that trusts exactly one root and nothing from the machine store.</summary>
internal static class CustomRootTrust
{
    public static RemoteCertificateValidationCallback For(X509Certificate2 root) =>
        (_, certificate, _, errors) =>
        {
            // Name mismatch and a missing certificate are not about trust: keep them fatal.
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };

    public static SocketsHttpHandler CreateHandler(X509Certificate2 root) => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = For(root) },
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };
}
