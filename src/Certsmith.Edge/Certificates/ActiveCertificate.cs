using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Edge.Certificates;

/// <summary>A certificate that has served a handshake: its leaf with the key in memory, its built context, and the handshake options handed to every handshake it serves.</summary>
/// <param name="Leaf">The leaf with its private key.</param>
/// <param name="Context">Built once, offline (no AIA fetch, no OCSP download in a handshake).</param>
/// <param name="Options">Shared by every handshake this certificate serves (SslStream copies them; nothing mutates them).</param>
/// <param name="NotBefore">The later of the record's and the leaf's notBefore.</param>
/// <param name="NotAfter">The earlier of the record's and the leaf's notAfter.</param>
internal sealed record ActiveCertificate(
    X509Certificate2 Leaf, SslStreamCertificateContext Context, SslServerAuthenticationOptions Options, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
