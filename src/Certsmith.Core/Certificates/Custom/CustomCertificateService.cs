using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Core.Names;
using Certsmith.Core.Platform;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Certificates.Custom;

/// <summary>The subject fields a CA asks for in a CSR; all optional (the names go in the subject alternative names).</summary>
public sealed record CsrSubject(string? CommonName, string? Organization, string? OrganizationalUnit, string? Locality, string? State, string? Country, string? Email);

/// <summary>
/// Certificates from another CA (issue 7): a CSR whose key the platform makes and keeps encrypted, the certificate the
/// CA returns installed against that key, or a certificate uploaded with its key. Every file is checked and refused
/// with a message per field when wrong; a refused file stores nothing. The platform never returns a private key, and
/// never renews these certificates. Thread-safe.
/// </summary>
public sealed class CustomCertificateService(ICertsmithStore store, IKeyProtector keys, EventRecorder events, TimeProvider time)
{
    /// <summary>The key types a CSR can be made with.</summary>
    public static IReadOnlyList<string> KeyTypes { get; } = ["ecdsa-p256", "ecdsa-p384", "rsa-2048", "rsa-3072", "rsa-4096"];

    private const int MaxNames = 100;
    private const int MaxFieldLength = 64;

    /// <summary>Makes a key (stored encrypted) and a CSR for <paramref name="names"/> under the tenant's proven domains.</summary>
    public async Task<CertificateRecord> GenerateCsrAsync(Guid tenantId, IReadOnlyList<string>? names, CsrSubject subject, string? keyType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (names is null || names.Count == 0 || names.Count > MaxNames)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "names", $"Give 1 to {MaxNames} names.");
        }
        var parsed = await OwnNamesAsync(tenantId, names, cancellationToken).ConfigureAwait(false);
        X500DistinguishedName distinguishedName;
        try
        {
            distinguishedName = BuildSubject(subject, parsed[0]);
        }
        catch (ArgumentException)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "subject", "A subject field holds characters a certificate cannot carry (the e-mail must be ASCII).");
        }
        using var key = CreateKey(keyType ?? KeyTypes[0]);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(distinguishedName, ec, HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(distinguishedName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("unknown key type"),
        };
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in parsed)
        {
            san.AddDnsName(name.Value);
        }
        request.CertificateExtensions.Add(san.Build());
        var csr = request.CreateSigningRequestPem();
        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var record = new CertificateRecord
        {
            Id = id,
            TenantId = tenantId,
            Kind = CertificateKind.Custom,
            Names = parsed,
            State = CertificateState.Pending,
            ProtectedKey = keys.Protect(Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem()), KeyPurposes.Certificate(id)),
            CsrPem = csr,
            LastError = "Waiting for the certificate from your CA: install it against this CSR.",
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        await store.Certificates.AddCertificateAsync(record, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(tenantId, id, null, "custom.csr", $"CSR for {string.Join(", ", parsed)} generated ({keyType ?? KeyTypes[0]}).", cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <summary>Installs the certificate another CA returned for a CSR made here (PEM, DER or PKCS#7), matched to the CSR's key.</summary>
    public async Task<CertificateRecord> InstallAsync(Guid tenantId, Guid certificateId, byte[] content, CancellationToken cancellationToken)
    {
        var record = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
        if (record is null || record.TenantId != tenantId || record.Kind != CertificateKind.Custom || record.CsrPem is null)
        {
            throw PlatformInputException.NotFound("CSR");
        }
        if (record.ChainPem is not null)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "certificate", "A certificate is already installed for this CSR; upload a new one instead.");
        }
        var certificates = CertificateFiles.ReadCertificates(content, "certificate");
        using var key = ReadStoredKey(record);
        var leaf = certificates.FirstOrDefault(c => CertificateFiles.KeyMatches(c, key))
            ?? throw new PlatformInputException(PlatformInputError.Invalid, "certificate", "No certificate in the file matches the key of this CSR: was it issued for another CSR?");
        var chain = await CheckAsync(tenantId, leaf, certificates.Where(c => !c.Equals(leaf)).ToList(), cancellationToken).ConfigureAwait(false);
        CertificateRecord stored;
        try
        {
            stored = await store.Certificates.UpdateCertificateAsync(WithChain(record, leaf, chain) with { ProtectedKey = record.ProtectedKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "certificate", "The CSR changed meanwhile (installed twice at once?): look at it again.");
        }
        await events.RecordAsync(tenantId, stored.Id, null, "custom.installed", $"Certificate for {string.Join(", ", stored.Names)} from {leaf.Issuer} installed, valid until {stored.NotAfter:u}.", cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Uploads a certificate with its intermediates and key: PEM certificate(s) plus PEM key, or a PKCS#12 file with its password.</summary>
    public async Task<CertificateRecord> UploadAsync(Guid tenantId, byte[]? certificate, byte[]? privateKey, byte[]? pkcs12, string? password, CancellationToken cancellationToken)
    {
        IReadOnlyList<X509Certificate2> certificates;
        AsymmetricAlgorithm key;
        if (pkcs12 is not null)
        {
            if (certificate is not null || privateKey is not null)
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "pkcs12", "Give either a PKCS#12 file or a certificate with its private key, not both.");
            }
            (certificates, key) = CertificateFiles.ReadPkcs12(pkcs12, password, "pkcs12");
        }
        else
        {
            certificates = CertificateFiles.ReadCertificates(certificate ?? throw new PlatformInputException(PlatformInputError.Invalid, "certificate", "Give the certificate (PEM, with its intermediates) or a PKCS#12 file."), "certificate");
            key = CertificateFiles.ReadPrivateKey(privateKey ?? throw new PlatformInputException(PlatformInputError.Invalid, "privateKey", "Give the certificate's private key (PEM)."), password, "privateKey");
        }
        using (key)
        {
            var leaf = certificates.FirstOrDefault(c => CertificateFiles.KeyMatches(c, key))
                ?? throw new PlatformInputException(PlatformInputError.Invalid, "privateKey", "The private key does not match the certificate.");
            var chain = await CheckAsync(tenantId, leaf, certificates.Where(c => !c.Equals(leaf)).ToList(), cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var id = Guid.NewGuid();
            var keyPem = key switch
            {
                ECDsa ec => ec.ExportPkcs8PrivateKeyPem(),
                RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
                _ => throw new PlatformInputException(PlatformInputError.Invalid, "privateKey", "Only ECDSA and RSA keys are supported."),
            };
            var record = WithChain(new CertificateRecord
            {
                Id = id,
                TenantId = tenantId,
                Kind = CertificateKind.Custom,
                Names = [],
                State = CertificateState.Pending,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            }, leaf, chain) with { ProtectedKey = keys.Protect(Encoding.UTF8.GetBytes(keyPem), KeyPurposes.Certificate(id)) };
            await store.Certificates.AddCertificateAsync(record, cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(tenantId, id, null, "custom.uploaded", $"Certificate for {string.Join(", ", record.Names)} from {leaf.Issuer} uploaded, valid until {record.NotAfter:u}.", cancellationToken).ConfigureAwait(false);
            return record;
        }
    }

    /// <summary>
    /// Attaches a valid custom certificate of the tenant to some of its addresses: the edge then serves it to them before
    /// any other (DESIGN.md serving rule 1). Refused when it is not valid, or does not name an address.
    /// </summary>
    public async Task<IReadOnlyList<SiteAddress>> AttachAsync(Guid tenantId, Guid certificateId, IReadOnlyList<Guid>? addressIds, CancellationToken cancellationToken)
    {
        var certificate = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
        if (certificate is null || certificate.TenantId != tenantId || certificate.Kind != CertificateKind.Custom)
        {
            throw PlatformInputException.NotFound("custom certificate");
        }
        if (!certificate.IsServable(time.GetUtcNow()))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "certificate", certificate.ChainPem is null
                ? "The certificate is not installed yet: install what the CA returned for the CSR first."
                : "The certificate is not valid now (expired, or not yet valid).");
        }
        if (addressIds is null || addressIds.Count == 0)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "addressIds", "Name the addresses to attach it to.");
        }
        // Check them all before changing any, so a refusal changes nothing.
        var addresses = new List<SiteAddress>();
        foreach (var id in addressIds.Distinct())
        {
            var address = await store.Sites.GetAddressAsync(id, cancellationToken).ConfigureAwait(false);
            if (address is null || address.TenantId != tenantId)
            {
                throw PlatformInputException.NotFound("address");
            }
            if (!certificate.Covers(address.Name))
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "addressIds", $"The certificate (for {string.Join(", ", certificate.Names)}) does not cover {address.Name}.");
            }
            addresses.Add(address);
        }
        foreach (var address in addresses)
        {
            await store.Sites.SetCustomCertificateAsync(address.Id, certificate.Id, cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(tenantId, certificate.Id, address.Id, "custom.attached", $"{address.Name} is served the certificate from {certificate.Issuer}, valid until {certificate.NotAfter:u}.", cancellationToken).ConfigureAwait(false);
        }
        return addresses.Select(a => a with { CustomCertificateId = certificate.Id }).ToList();
    }

    /// <summary>
    /// Removes a custom certificate: detached from every address (their managed certificates serve them again), retired
    /// (never served, no more warnings). Its key stays encrypted in the record for the history. Managed certificates are
    /// not removed this way (they go with their addresses).
    /// </summary>
    public async Task<CertificateRecord> RemoveAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var certificate = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
            if (certificate is null || certificate.TenantId != tenantId || certificate.Kind != CertificateKind.Custom)
            {
                throw PlatformInputException.NotFound("custom certificate");
            }
            if (certificate.State == CertificateState.Retired)
            {
                return certificate;
            }
            var detached = await store.Sites.DetachCustomCertificateAsync(certificate.Id, cancellationToken).ConfigureAwait(false);
            try
            {
                var retired = await store.Certificates.UpdateCertificateAsync(certificate with { State = CertificateState.Retired, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                await events.RecordAsync(tenantId, certificate.Id, null, "custom.removed",
                    $"The certificate for {string.Join(", ", certificate.Names)} was removed{(detached > 0 ? $" and detached from {detached} address{(detached == 1 ? "" : "es")}" : "")}.", cancellationToken).ConfigureAwait(false);
                return retired;
            }
            catch (StoreConflictException) when (attempt < 3)
            {
                // The expiry warner touched it meanwhile: read again.
            }
        }
    }

    /// <summary>Detaches the custom certificate from an address: its managed certificate serves it again.</summary>
    public async Task DetachAsync(Guid tenantId, Guid addressId, CancellationToken cancellationToken)
    {
        var address = await store.Sites.GetAddressAsync(addressId, cancellationToken).ConfigureAwait(false);
        if (address is null || address.TenantId != tenantId)
        {
            throw PlatformInputException.NotFound("address");
        }
        if (address.CustomCertificateId is { } previous)
        {
            await store.Sites.SetCustomCertificateAsync(address.Id, null, cancellationToken).ConfigureAwait(false);
            await events.RecordAsync(tenantId, previous, address.Id, "custom.detached", $"{address.Name}: the custom certificate is no longer attached.", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The CSR of a custom certificate made here, or not-found.</summary>
    public async Task<string> GetCsrAsync(Guid tenantId, Guid certificateId, CancellationToken cancellationToken)
    {
        var record = await store.Certificates.GetCertificateAsync(certificateId, cancellationToken).ConfigureAwait(false);
        return record is { CsrPem: { } csr } && record.TenantId == tenantId ? csr : throw PlatformInputException.NotFound("CSR");
    }

    /// <summary>
    /// The checks every certificate from another CA passes: valid now; the given intermediates form a chain from the leaf
    /// (each signed by the next, none left over); every name under the tenant's proven domains; at least one covering
    /// one of its addresses. Returns the intermediates in chain order and the names, parsed.
    /// </summary>
    private async Task<(IReadOnlyList<X509Certificate2> Chain, IReadOnlyList<DnsName> Names)> CheckAsync(Guid tenantId, X509Certificate2 leaf, IReadOnlyList<X509Certificate2> others, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < leaf.NotBefore.ToUniversalTime())
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "certificate", $"The certificate is not valid yet: from {leaf.NotBefore.ToUniversalTime():u}.");
        }
        if (now >= leaf.NotAfter.ToUniversalTime())
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "certificate", $"The certificate has expired: on {leaf.NotAfter.ToUniversalTime():u}.");
        }

        var chain = new List<X509Certificate2>();
        var remaining = others.ToList();
        var current = leaf;
        while (remaining.Count > 0)
        {
            var issuer = remaining.FirstOrDefault(c => CertificateFiles.IsSignedBy(current, c));
            if (issuer is null)
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "chain", current.Equals(leaf)
                    ? $"The intermediates do not lead from the certificate: none of them signed it (it was issued by {leaf.Issuer})."
                    : $"The chain breaks after {current.Subject}: no given certificate signed it, and {string.Join("; ", remaining.Select(r => r.Subject))} is left over.");
            }
            // An intermediate a browser would reject breaks the site as surely as a missing one.
            if (issuer.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "chain", $"{issuer.Subject} signed the chain but is not a CA certificate (no basicConstraints CA:TRUE).");
            }
            if (now < issuer.NotBefore.ToUniversalTime() || now >= issuer.NotAfter.ToUniversalTime())
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "chain", $"The intermediate {issuer.Subject} is not valid now (valid {issuer.NotBefore.ToUniversalTime():u} to {issuer.NotAfter.ToUniversalTime():u}).");
            }
            chain.Add(issuer);
            remaining.Remove(issuer);
            current = issuer;
        }

        var names = CertificateFiles.DnsNames(leaf);
        if (names.Count == 0)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "names", "The certificate names no DNS name.");
        }
        var parsed = await OwnNamesAsync(tenantId, names, cancellationToken).ConfigureAwait(false);
        var addresses = await store.Sites.ListAllAddressesAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!addresses.Any(a => parsed.Any(n => n.Covers(a.Name))))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "names", $"The certificate's names ({string.Join(", ", names)}) cover none of your addresses: add the address to a site first.");
        }
        return (chain, parsed);
    }

    private static CertificateRecord WithChain(CertificateRecord record, X509Certificate2 leaf, (IReadOnlyList<X509Certificate2> Chain, IReadOnlyList<DnsName> Names) checkedChain) => record with
    {
        Names = checkedChain.Names,
        State = CertificateState.Valid,
        ChainPem = string.Concat(new[] { leaf }.Concat(checkedChain.Chain).Select(c => c.ExportCertificatePem() + "\n")),
        NotBefore = leaf.NotBefore.ToUniversalTime(),
        NotAfter = leaf.NotAfter.ToUniversalTime(),
        Issuer = leaf.Issuer,
        SerialNumber = leaf.SerialNumber,
        LastError = null,
    };

    private AsymmetricAlgorithm ReadStoredKey(CertificateRecord record)
    {
        var pem = Encoding.UTF8.GetString(keys.Unprotect(record.ProtectedKey!, KeyPurposes.Certificate(record.Id)));
        return CertificateFiles.ReadPrivateKey(Encoding.UTF8.GetBytes(pem), null, "key");
    }

    /// <summary>
    /// The names, parsed (host names or <c>*.parent</c>) and each under one of the tenant's proven domains (a wildcard's
    /// parent must be: so never above a delegated subdomain); duplicates dropped.
    /// </summary>
    private async Task<List<DnsName>> OwnNamesAsync(Guid tenantId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var parsed = new List<DnsName>();
        foreach (var name in names)
        {
            var dns = DomainService.ParseName(name, "names", allowWildcard: true);
            var holding = await store.Domains.FindHoldingDomainAsync(tenantId, dns.BaseName, cancellationToken).ConfigureAwait(false);
            if (holding is not { State: DomainState.Proven })
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "names", $"{dns} is not under one of your proven domains.");
            }
            if (!parsed.Contains(dns))
            {
                parsed.Add(dns);
            }
        }
        return parsed;
    }

    private static X500DistinguishedName BuildSubject(CsrSubject subject, DnsName firstName)
    {
        var builder = new X500DistinguishedNameBuilder();
        if (Field(subject.Country, "country") is { } country)
        {
            if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "country", "The country is a two-letter ISO 3166 code in capitals, e.g. DE.");
            }
            builder.AddCountryOrRegion(country);
        }
        if (Field(subject.State, "state") is { } state)
        {
            builder.AddStateOrProvinceName(state);
        }
        if (Field(subject.Locality, "locality") is { } locality)
        {
            builder.AddLocalityName(locality);
        }
        if (Field(subject.Organization, "organization") is { } organization)
        {
            builder.AddOrganizationName(organization);
        }
        if (Field(subject.OrganizationalUnit, "organizationalUnit") is { } unit)
        {
            builder.AddOrganizationalUnitName(unit);
        }
        if (Field(subject.Email, "email") is { } email)
        {
            if (!email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "email", "That is not an e-mail address.");
            }
            builder.AddEmailAddress(email);
        }
        builder.AddCommonName(Field(subject.CommonName, "commonName") ?? firstName.Value);
        return builder.Build();
    }

    private static string? Field(string? value, string field)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return value.Length > MaxFieldLength || value.Any(char.IsControl)
            ? throw new PlatformInputException(PlatformInputError.Invalid, field, $"At most {MaxFieldLength} printable characters.")
            : value;
    }

    private static AsymmetricAlgorithm CreateKey(string keyType) => keyType switch
    {
        "ecdsa-p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "ecdsa-p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "rsa-2048" => RSA.Create(2048),
        "rsa-3072" => RSA.Create(3072),
        "rsa-4096" => RSA.Create(4096),
        _ => throw new PlatformInputException(PlatformInputError.Invalid, "keyType", $"The key type is one of {string.Join(", ", KeyTypes)}."),
    };
}
