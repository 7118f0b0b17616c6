using Certsmith.Acme.Http;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Microsoft.Extensions.Logging;

namespace Certsmith.Acme;

/// <summary>Account management (RFC 8555 §7.3).</summary>
public sealed partial class AcmeClient
{
    /// <summary>
    /// Creates the account for the client's key (§7.3), or returns the existing one for that key. The
    /// account URL is kept for later requests.
    /// </summary>
    public async Task<AcmeAccount> CreateAccountAsync(NewAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var key = AccountKey;
        var eab = request.ExternalAccountBinding is { } binding ? Jws.Jws.ExternalAccountBinding(binding, key, directory.NewAccount) : null;
        var payload = Payload(w =>
        {
            w.WriteBoolean("termsOfServiceAgreed", request.TermsOfServiceAgreed);
            w.WriteStartArray("contact");
            foreach (var contact in request.Contacts)
            {
                w.WriteStringValue(contact);
            }
            w.WriteEndArray();
            if (eab is not null)
            {
                w.WritePropertyName("externalAccountBinding");
                w.WriteRawValue(eab, skipInputValidation: true);
            }
        });
        var response = await PostAsync(directory.NewAccount, payload, cancellationToken, signer: key).ConfigureAwait(false);
        var account = ReadAccount(response, directory.NewAccount);
        Volatile.Write(ref _accountUrl, account.Location);
        LogAccount(_logger, account.Location, (int)response.Status == 201 ? "created" : "found");
        return account;
    }

    /// <summary>The existing account for the client's key (§7.3.1 <c>onlyReturnExisting</c>), or null when the CA has none.</summary>
    public async Task<AcmeAccount?> FindAccountAsync(CancellationToken cancellationToken = default)
    {
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await PostAsync(directory.NewAccount, Payload(w => w.WriteBoolean("onlyReturnExisting", true)), cancellationToken, signer: AccountKey).ConfigureAwait(false);
            var account = ReadAccount(response, directory.NewAccount);
            Volatile.Write(ref _accountUrl, account.Location);
            return account;
        }
        catch (AcmeProblemException e) when (e.Problem.Is(AcmeErrorTypes.AccountDoesNotExist))
        {
            return null;
        }
    }

    /// <summary>The account as the CA holds it now.</summary>
    public async Task<AcmeAccount> GetAccountAsync(CancellationToken cancellationToken = default)
    {
        var url = RequireAccountUrl();
        var response = await PostAsync(url, payload: null, cancellationToken).ConfigureAwait(false);
        return ReadAccount(response, url, url);
    }

    /// <summary>Replaces the account's contacts (§7.3.2).</summary>
    public async Task<AcmeAccount> UpdateAccountAsync(IReadOnlyList<string> contacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var url = RequireAccountUrl();
        var payload = Payload(w =>
        {
            w.WriteStartArray("contact");
            foreach (var c in contacts)
            {
                w.WriteStringValue(c);
            }
            w.WriteEndArray();
        });
        var response = await PostAsync(url, payload, cancellationToken).ConfigureAwait(false);
        return ReadAccount(response, url, url);
    }

    /// <summary>Deactivates the account for good (§7.3.6); the CA refuses everything it signs afterwards.</summary>
    public async Task<AcmeAccount> DeactivateAccountAsync(CancellationToken cancellationToken = default)
    {
        var url = RequireAccountUrl();
        var response = await PostAsync(url, Payload(w => w.WriteString("status", "deactivated")), cancellationToken).ConfigureAwait(false);
        LogAccount(_logger, url, "deactivated");
        return ReadAccount(response, url, url);
    }

    /// <summary>
    /// Rolls the account over to <paramref name="newKey"/> (§7.3.5): an inner JWS signed by the new key
    /// inside an outer one signed by the old. On success the client signs with the new key; the caller
    /// stores it, and disposes the old one only after requests in flight have finished (they were signed
    /// with it). Do not order while rolling over: the CA refuses requests signed with the old key.
    /// </summary>
    public async Task ChangeAccountKeyAsync(AcmeKey newKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newKey);
        var directory = await GetDirectoryAsync(cancellationToken).ConfigureAwait(false);
        var keyChange = directory.KeyChange ?? throw new AcmeProtocolException("The CA's directory has no keyChange endpoint.", null, _options.DirectoryUri, kind: AcmeErrorKind.FixInput);
        var accountUrl = RequireAccountUrl();
        var oldKey = AccountKey;
        var inner = Jws.Jws.Sign(newKey, kid: null, nonce: null, keyChange, Payload(w =>
        {
            w.WriteString("account", accountUrl.OriginalString);
            w.WritePropertyName("oldKey");
            w.WriteRawValue(oldKey.JwkJson, skipInputValidation: true);
        }));
        await _transport.PostAsync(
            keyChange,
            nonce => Jws.Jws.Sign(oldKey, accountUrl.OriginalString, nonce, keyChange, inner),
            directory.NewNonce,
            accept: null,
            cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _key, newKey);
        LogAccount(_logger, accountUrl, "re-keyed");
    }

    private static AcmeAccount ReadAccount(AcmeResponse response, Uri url, Uri? knownLocation = null)
    {
        var location = knownLocation ?? RequireLocation(response, url);
        return AcmeTransport.ReadJson(response, Type(c => c.AcmeAccount), url) with { Location = location };
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "ACME account {Url} {What}.")]
    private static partial void LogAccount(ILogger logger, Uri url, string what);
}
