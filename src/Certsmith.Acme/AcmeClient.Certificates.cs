using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Ari;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Http;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme;

/// <summary>Certificates: download with alternate chains (§7.4.2), revocation (§7.6), renewal information (RFC 9773).</summary>
public sealed partial class AcmeClient
{
    private const string PemChainMediaType = "application/pem-certificate-chain";

    /// <summary>Downloads a certificate chain (§7.4.2); <see cref="AcmeCertificateChain.AlternateUrls"/> lists the other chains.</summary>
    public async Task<AcmeCertificateChain> DownloadCertificateAsync(Uri certificateUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificateUrl);
        var response = await PostAsync(certificateUrl, payload: null, cancellationToken, accept: PemChainMediaType).ConfigureAwait(false);
        var pem = Encoding.ASCII.GetString(response.Body);
        return new AcmeCertificateChain
        {
            Url = certificateUrl,
            Pem = pem,
            Certificates = ParsePemChain(pem, certificateUrl, (int)response.Status),
            AlternateUrls = response.LinksWithRel("alternate"),
        };
    }

    /// <summary>The default chain followed by every alternate chain the CA offers.</summary>
    public async Task<IReadOnlyList<AcmeCertificateChain>> DownloadAllChainsAsync(Uri certificateUrl, CancellationToken cancellationToken = default)
    {
        var main = await DownloadCertificateAsync(certificateUrl, cancellationToken).ConfigureAwait(false);
        var chains = new List<AcmeCertificateChain> { main };
        foreach (var alternate in main.AlternateUrls)
        {
            chains.Add(await DownloadCertificateAsync(alternate, cancellationToken).ConfigureAwait(false));
        }
        return chains;
    }

    /// <summary>Revokes a certificate this account holds (§7.6), signed with the account key.</summary>
    public Task RevokeCertificateAsync(X509Certificate2 certificate, RevocationReason? reason = null, CancellationToken cancellationToken = default) =>
        RevokeAsync(certificate, reason, signer: null, cancellationToken);

    /// <summary>Revokes a certificate with its own private key (§7.6), e.g. after a key compromise; no account needed.</summary>
    public async Task RevokeCertificateAsync(X509Certificate2 certificate, AsymmetricAlgorithm certificateKey, RevocationReason? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificateKey);
        using var signer = AcmeKey.FromKey(certificateKey);
        await RevokeAsync(certificate, reason, signer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The CA's renewal window for a certificate (RFC 9773 §4), or null when the CA does not serve ARI.
    /// <see cref="RenewalInfo.NextPoll"/> says when to ask again (Retry-After, else about six hours).
    /// </summary>
    public Task<RenewalInfo?> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken cancellationToken = default) =>
        GetRenewalInfoAsync(AriCertificateId.FromCertificate(certificate), cancellationToken);

    /// <summary>The CA's renewal window for an ARI certificate identifier, or null when the CA does not serve ARI.</summary>
    public async Task<RenewalInfo?> GetRenewalInfoAsync(string certificateId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificateId);
        if (!AriCertificateId.IsWellFormed(certificateId))
        {
            throw new ArgumentException("An ARI certificate identifier is base64url \".\" base64url (RFC 9773 §4.1).", nameof(certificateId));
        }
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        if (directory.RenewalInfo is not { } baseUrl)
        {
            return null;
        }
        // §4.1: the identifier is appended as one more path segment; it is base64url and "." only.
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + certificateId);
        var response = await _transport.GetAsync(url, cancellationToken).ConfigureAwait(false);
        var info = AcmeTransport.ReadJson(response, Type(c => c.RenewalInfo), url);
        var now = _time.GetUtcNow();
        if (info.SuggestedWindow.End <= info.SuggestedWindow.Start)
        {
            // §4.2: an invalid window is treated as no answer: ask again later.
            throw new AcmeProtocolException($"The renewal window from {url} ends before it starts.", (int)response.Status, url, now + AcmeClientDefaults.RenewalInfoDefaultPoll, kind: AcmeErrorKind.RetryLater);
        }
        // §4.3: Retry-After is clamped to between one minute and one day.
        var wait = (response.RetryAfter ?? now + AcmeClientDefaults.RenewalInfoDefaultPoll) - now;
        wait = wait < AcmeClientDefaults.RenewalInfoMinPoll ? AcmeClientDefaults.RenewalInfoMinPoll : wait > AcmeClientDefaults.RenewalInfoMaxPoll ? AcmeClientDefaults.RenewalInfoMaxPoll : wait;
        return info with { NextPoll = now + wait };
    }

    private async Task RevokeAsync(X509Certificate2 certificate, RevocationReason? reason, AcmeKey? signer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var directory = await GetDirectoryAsync(ct).ConfigureAwait(false);
        var url = directory.RevokeCert ?? throw new AcmeProtocolException("The CA's directory has no revokeCert endpoint.", null, _options.DirectoryUri, kind: AcmeErrorKind.FixInput);
        var payload = Payload(w =>
        {
            w.WriteString("certificate", Base64Url.EncodeToString(certificate.RawData));
            if (reason is { } r)
            {
                w.WriteNumber("reason", (int)r);
            }
        });
        await PostAsync(url, payload, ct, signer).ConfigureAwait(false);
    }

    private static List<X509Certificate2> ParsePemChain(string pem, Uri url, int status)
    {
        var certificates = new List<X509Certificate2>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    throw new AcmeProtocolException($"The chain from {url} holds a certificate that cannot be read.", status, url, null, e);
                }
            }
            rest = rest[fields.Location.End..];
        }
        return certificates.Count > 0
            ? certificates
            : throw new AcmeProtocolException($"The answer from {url} holds no PEM certificate.", status, url);
    }
}
