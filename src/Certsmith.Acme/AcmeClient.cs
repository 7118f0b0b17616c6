using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Certsmith.Acme.Http;
using Certsmith.Acme.Json;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Acme;

/// <summary>
/// An ACME client for one CA and one account key (RFC 8555, with RFC 8737, 8738, 9773 and profiles).
/// Thread-safe: one instance serves any number of concurrent orders and shares connections and nonces
/// between them. It holds no static state; the <see cref="HttpClient"/> is the caller's (from
/// <c>IHttpClientFactory</c>) and is not disposed here. Every CA failure is an
/// <see cref="Problems.AcmeException"/> whose <see cref="Problems.AcmeException.Kind"/> says what to do.
/// </summary>
public sealed partial class AcmeClient
{
    private readonly AcmeTransport _transport;
    private readonly AcmeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private AcmeDirectory? _directory;
    private AcmeKey _key;
    private Uri? _accountUrl;

    /// <summary>Creates a client. The options are validated here, every error reported at once.</summary>
    public AcmeClient(HttpClient http, AcmeKey accountKey, AcmeClientOptions options, TimeProvider? time = null, ILogger<AcmeClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(accountKey);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ACME client options: " + string.Join(" ", errors), nameof(options));
        }
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _transport = new AcmeTransport(http, options, _time, _logger);
        _key = accountKey;
        _accountUrl = options.AccountUrl;
    }

    /// <summary>The key requests are signed with (changes after <see cref="ChangeAccountKeyAsync"/>).</summary>
    public AcmeKey AccountKey => Volatile.Read(ref _key);

    /// <summary>The account URL (<c>kid</c>), once an account was created, found or given in the options.</summary>
    public Uri? AccountUrl => Volatile.Read(ref _accountUrl);

    /// <summary>The key authorization for a challenge token with the current account key (RFC 8555 §8.1).</summary>
    public string GetKeyAuthorization(string token) => AccountKey.GetKeyAuthorization(token);

    /// <summary>The CA's directory, fetched once and kept (RFC 8555 §7.1.1).</summary>
    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _directory) is { } cached)
        {
            return cached;
        }
        // Racing first callers may each fetch it; the directory is idempotent and the first one kept wins.
        var response = await _transport.GetAsync(_options.DirectoryUri, cancellationToken).ConfigureAwait(false);
        var directory = AcmeTransport.ReadJson(response, AcmeJsonContext.Tolerant.AcmeDirectory, _options.DirectoryUri);
        if (!IsAbsolute(directory.NewNonce) || !IsAbsolute(directory.NewAccount) || !IsAbsolute(directory.NewOrder))
        {
            throw new Problems.AcmeProtocolException($"The directory at {_options.DirectoryUri} lacks an absolute newNonce, newAccount or newOrder URL (RFC 8555 §7.1.1).", (int)response.Status, _options.DirectoryUri, kind: Problems.AcmeErrorKind.FixInput);
        }
        if (Interlocked.CompareExchange(ref _directory, directory, null) is { } winner)
        {
            return winner;
        }
        LogDirectory(_logger, _options.DirectoryUri, directory.RenewalInfo is not null, directory.Meta.Profiles.Count);
        return directory;
    }

    /// <summary>A signed POST with the account's <c>kid</c>, or with the key's <c>jwk</c> when <paramref name="signer"/> is given.</summary>
    private async Task<AcmeResponse> PostAsync(Uri url, byte[]? payload, CancellationToken ct, AcmeKey? signer = null, string? accept = null)
    {
        var directory = await GetDirectoryAsync(ct).ConfigureAwait(false);
        var kid = signer is null ? RequireAccountUrl().OriginalString : null;
        return await _transport.PostAsync(
            url,
            // The key is read at each signing, so a badNonce retry after a key rollover uses the new key.
            nonce => Jws.Jws.Sign(signer ?? AccountKey, kid, nonce, url, payload ?? [], postAsGet: payload is null),
            directory.NewNonce,
            accept,
            ct).ConfigureAwait(false);
    }

    /// <summary>POST-as-GET (§6.3) for an object.</summary>
    private async Task<T> FetchAsync<T>(Uri url, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var response = await PostAsync(url, payload: null, ct).ConfigureAwait(false);
        return AcmeTransport.ReadJson(response, type, url);
    }

    private Uri RequireAccountUrl() => AccountUrl
        ?? throw new InvalidOperationException("No ACME account yet: create or find one first, or give AccountUrl in the options.");

    private static bool IsAbsolute(Uri? url) => url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static JsonTypeInfo<T> Type<T>(Func<AcmeJsonContext, JsonTypeInfo<T>> pick) => pick(AcmeJsonContext.Tolerant);

    /// <summary>Writes a request payload.</summary>
    private static byte[] Payload(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static Uri RequireLocation(AcmeResponse response, Uri url) => response.Location
        ?? throw new Problems.AcmeProtocolException($"The answer from {url} has no Location header (RFC 8555 §7.3, §7.4).", (int)response.Status, url);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "ACME directory {Url} loaded (renewalInfo: {HasAri}, profiles: {Profiles}).")]
    private static partial void LogDirectory(ILogger logger, Uri url, bool hasAri, int profiles);
}
