namespace Certsmith.Api.Contracts;

/// <summary>A CSR to generate: the platform makes and keeps the key; the names go in the subject alternative names.</summary>
/// <param name="Names">The host names (or <c>*.parent</c>) under the tenant's proven domains.</param>
/// <param name="CommonName">The subject's common name (default: the first name).</param>
/// <param name="Organization">O.</param>
/// <param name="OrganizationalUnit">OU.</param>
/// <param name="Locality">L (city).</param>
/// <param name="State">ST.</param>
/// <param name="Country">C, a two-letter code.</param>
/// <param name="Email">The contact e-mail in the subject.</param>
/// <param name="KeyType">ecdsa-p256 (default), ecdsa-p384, rsa-2048, rsa-3072 or rsa-4096.</param>
public sealed record CreateCsrRequest(IReadOnlyList<string>? Names, string? CommonName, string? Organization, string? OrganizationalUnit, string? Locality, string? State, string? Country, string? Email, string? KeyType);

/// <summary>A generated CSR: the waiting certificate record and the CSR to send to the CA.</summary>
/// <param name="Certificate">The custom certificate, pending until installed.</param>
/// <param name="Csr">The CSR in PEM.</param>
public sealed record CsrResponse(CertificateResponse Certificate, string Csr);

/// <summary>The certificate another CA returned for a CSR made here, as the CA sent it.</summary>
/// <param name="Certificate">PEM text (the certificate, intermediates may follow).</param>
/// <param name="CertificateBase64">Or the file in base64: DER, or a PKCS#7 bundle (.p7b/.p7c).</param>
public sealed record InstallCertificateRequest(string? Certificate, string? CertificateBase64);

/// <summary>A certificate with its key from another CA.</summary>
/// <param name="Certificate">PEM: the certificate, then its intermediates.</param>
/// <param name="PrivateKey">PEM: its private key (PKCS#8, SEC1 or PKCS#1; encrypted PKCS#8 with <see cref="Password"/>).</param>
/// <param name="Pkcs12Base64">Or a PKCS#12 file (.pfx/.p12) in base64, with <see cref="Password"/>.</param>
/// <param name="Password">The password of the PKCS#12 file or the encrypted key.</param>
public sealed record UploadCertificateRequest(string? Certificate, string? PrivateKey, string? Pkcs12Base64, string? Password);

/// <summary>The addresses to attach a custom certificate to.</summary>
/// <param name="AddressIds">The addresses (the tenant's, each covered by the certificate).</param>
public sealed record AttachCertificateRequest(IReadOnlyList<Guid>? AddressIds);
