using System.Text;
using Certsmith.Acme;
using Certsmith.Acme.Jws;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Issuance;

/// <summary>
/// The platform's one ACME account at its CA: registered on first use (contacts and terms from the
/// options), its key encrypted in the store, loaded by every node. A test CA that forgot the account gets a
/// new one; any other CA blocks issuance with a reason an operator can act on. Thread-safe singleton.
/// </summary>
public sealed partial class AcmeAccountProvider(
    ICertsmithStore store, IKeyProtector keys, HttpClient http, AcmeCaOptions ca, TimeProvider time, ILogger<AcmeAccountProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AcmeClient? _client;

    /// <summary>The CA's directory URL.</summary>
    public Uri DirectoryUrl => ca.DirectoryUrl;

    /// <summary>Why issuance is stopped, when the CA no longer knows the account; null while all is well.</summary>
    public string? BlockedReason { get; private set; }

    /// <summary>The client for the account, registering it when the store has none.</summary>
    public async Task<AcmeClient> GetClientAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready)
        {
            return ready;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _client ??= await LoadOrRegisterAsync(forceNew: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The CA says the account does not exist. For a test CA: register a new one and return its client. For any
    /// other CA: record <see cref="BlockedReason"/> and return null.
    /// </summary>
    public async Task<AcmeClient?> AccountLostAsync(AcmeClient lost, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_client, lost) && _client is not null)
            {
                return _client;
            }
            if (!ca.IsTestCa)
            {
                BlockedReason = $"The CA at {ca.DirectoryUrl} no longer knows the platform's account {lost.AccountUrl}; issuance is stopped. Check the CA and the store before registering a new account.";
                LogBlocked(logger, ca.DirectoryUrl);
                return null;
            }
            LogReRegistering(logger, ca.DirectoryUrl);
            _client = await LoadOrRegisterAsync(forceNew: true, cancellationToken).ConfigureAwait(false);
            return _client;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<AcmeClient> LoadOrRegisterAsync(bool forceNew, CancellationToken ct)
    {
        var purpose = KeyPurposes.Account(ca.DirectoryUrl);
        var options = new AcmeClientOptions { DirectoryUri = ca.DirectoryUrl, PollInitialDelay = ca.PollInitialDelay };
        if (!forceNew && await store.Acme.GetAccountAsync(ca.DirectoryUrl, ct).ConfigureAwait(false) is { } stored)
        {
            var pem = Encoding.UTF8.GetString(keys.Unprotect(stored.ProtectedKey, purpose));
            return new AcmeClient(http, AcmeKey.FromPem(pem), options with { AccountUrl = stored.AccountUrl }, time);
        }
        var key = AcmeKey.CreateEs256();
        var client = new AcmeClient(http, key, options, time);
        var directory = await client.GetDirectoryAsync(ct).ConfigureAwait(false);
        if (directory.Meta.TermsOfService is { } terms && !ca.AcceptTermsOfService)
        {
            throw new InvalidOperationException($"The CA requires agreeing to its terms of service ({terms}); set Acme:AcceptTermsOfService to true after reading them.");
        }
        var account = await client.CreateAccountAsync(new NewAccountRequest { Contacts = ca.Contacts, TermsOfServiceAgreed = ca.AcceptTermsOfService }, ct).ConfigureAwait(false);
        var protectedKey = keys.Protect(Encoding.UTF8.GetBytes(key.ExportPrivateKeyPem()), purpose);
        await store.Acme.SaveAccountAsync(new AcmeAccountRecord(ca.DirectoryUrl, account.Location, protectedKey, time.GetUtcNow()), ct).ConfigureAwait(false);
        LogRegistered(logger, account.Location, ca.DirectoryUrl);
        return client;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Registered ACME account {Account} at {Directory}.")]
    private static partial void LogRegistered(ILogger logger, Uri account, Uri directory);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "The test CA at {Directory} forgot the platform's account; registering a new one.")]
    private static partial void LogReRegistering(ILogger logger, Uri directory);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "The CA at {Directory} no longer knows the platform's account; issuance is stopped until an operator acts.")]
    private static partial void LogBlocked(ILogger logger, Uri directory);
}
