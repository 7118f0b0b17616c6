using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Certsmith.Acme.Json;
using Certsmith.Acme.Problems;
using Microsoft.Extensions.Logging;

namespace Certsmith.Acme.Http;

/// <summary>
/// Sends requests to the CA and turns every answer into either an <see cref="AcmeResponse"/> or a typed
/// <see cref="AcmeException"/>. Keeps the nonce pool filled from every answer. Thread-safe.
/// </summary>
internal sealed partial class AcmeTransport
{
    private static readonly MediaTypeWithQualityHeaderValue JoseJson = new("application/jose+json");

    private readonly HttpClient _http;
    private readonly AcmeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AcmeTransport(HttpClient http, AcmeClientOptions options, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public NoncePool Nonces { get; } = new();

    /// <summary>An unauthenticated GET (directory, renewalInfo); any non-2xx answer is an error.</summary>
    public async Task<AcmeResponse> GetAsync(Uri url, CancellationToken ct)
    {
        var sent = await SendAsync(HttpMethod.Get, url, body: null, accept: null, ct).ConfigureAwait(false);
        Nonces.Add(sent.Nonce);
        return IsSuccess(sent) ? sent.Response : throw ErrorFrom(sent, url);
    }

    /// <summary>HEAD newNonce (§7.2) for when the pool is empty.</summary>
    public async Task<string> NewNonceAsync(Uri newNonceUrl, CancellationToken ct)
    {
        var response = await SendAsync(HttpMethod.Head, newNonceUrl, body: null, accept: null, ct).ConfigureAwait(false);
        if (!IsSuccess(response) || response.Nonce is null)
        {
            throw new AcmeProtocolException($"newNonce answered {(int)response.Response.Status} without a Replay-Nonce header.", (int)response.Response.Status, newNonceUrl);
        }
        return response.Nonce;
    }

    /// <summary>
    /// A JWS-signed POST (§6.2). <paramref name="sign"/> builds the body for a nonce; on <c>badNonce</c> the
    /// request is signed again with the nonce the error carried (§6.5), up to the configured limit.
    /// </summary>
    public async Task<AcmeResponse> PostAsync(Uri url, Func<string, byte[]> sign, Uri newNonceUrl, string? accept, CancellationToken ct)
    {
        string? fresh = null;
        for (var attempt = 0; ; attempt++)
        {
            var nonce = fresh ?? (Nonces.TryTake(out var pooled) ? pooled : await NewNonceAsync(newNonceUrl, ct).ConfigureAwait(false));
            var sent = await SendAsync(HttpMethod.Post, url, sign(nonce), accept, ct).ConfigureAwait(false);
            if (IsSuccess(sent))
            {
                Nonces.Add(sent.Nonce);
                return sent.Response;
            }
            var error = ErrorFrom(sent, url);
            if (error is AcmeProblemException { Problem.ErrorName: AcmeErrorTypes.BadNonce } && attempt < _options.MaxBadNonceRetries)
            {
                // §6.5: retry with the nonce the error carried; it is fresher than anything pooled.
                LogBadNonce(_logger, url, attempt + 1);
                fresh = sent.Nonce;
                continue;
            }
            Nonces.Add(sent.Nonce);
            throw error;
        }
    }

    public static T ReadJson<T>(AcmeResponse response, JsonTypeInfo<T> type, Uri url)
    {
        try
        {
            return JsonSerializer.Deserialize(response.Body, type)
                ?? throw new AcmeProtocolException($"The answer from {url} was JSON null.", (int)response.Status, url);
        }
        catch (JsonException e)
        {
            throw new AcmeProtocolException($"The answer from {url} is not the JSON object ACME defines: {e.Message}", (int)response.Status, url, response.RetryAfter, e, AcmeErrorKind.RetryLater);
        }
    }

    private static bool IsSuccess(Sent sent) => IsSuccess(sent.Response);

    private static bool IsSuccess(AcmeResponse response) => (int)response.Status is >= 200 and < 300;

    private AcmeException ErrorFrom(Sent sent, Uri url) => ErrorFrom(sent.Response, url);

    private AcmeException ErrorFrom(AcmeResponse response, Uri url)
    {
        var status = (int)response.Status;
        if (response.Body.Length > 0 && LooksLikeJson(response))
        {
            try
            {
                var problem = JsonSerializer.Deserialize(response.Body, AcmeJsonContext.Tolerant.AcmeProblem);
                if (problem is not null && problem.Type != "about:blank")
                {
                    LogProblem(_logger, url, status, problem.ErrorName);
                    return new AcmeProblemException(problem, status, url, response.RetryAfter, response.LinksWithRel("help"));
                }
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
            {
                // Fall through: a truncated, foreign or malformed document is a protocol error below.
            }
        }
        return new AcmeProtocolException($"The ACME server answered {status} {response.Status} without a problem document: {Snippet(response.Body)}", status, url, response.RetryAfter);
    }

    private static bool LooksLikeJson(AcmeResponse response) =>
        response.ContentType is null || response.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static string Snippet(byte[] body)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? ' ' : c);
        }
        return clean.ToString().Trim();
    }

    private async Task<Sent> SendAsync(HttpMethod method, Uri url, byte[]? body, string? accept, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = JoseJson;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            // §6.5: every answer, error or not, may carry a fresh nonce; the caller decides where it goes.
            var nonce = response.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.FirstOrDefault() : null;
            // RFC 9110 §9.3.2: a HEAD answer may announce a Content-Length it does not send.
            var bytes = method == HttpMethod.Head || response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotModified
                ? []
                : await ReadBoundedAsync(response.Content, url, (int)response.StatusCode, timeout.Token).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            return new Sent(new AcmeResponse(
                response.StatusCode,
                bytes,
                response.Content.Headers.ContentType?.MediaType,
                response.Headers.Location is { } location ? new Uri(url, location) : null,
                HeaderParsing.RetryAfter(response.Headers, now),
                HeaderParsing.Links(response.Headers, url)), nonce);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AcmeTransportException(AcmeTransportFailure.Timeout, url, e);
        }
        catch (HttpRequestException e) when (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            throw new AcmeTransportException(AcmeTransportFailure.Tls, url, e);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            throw new AcmeProtocolException($"The answer from {url} was cut off or malformed.", null, url, null, e);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeTransportException(AcmeTransportFailure.Connection, url, e);
        }
        catch (HttpIOException e)
        {
            throw new AcmeProtocolException($"The answer from {url} was cut off.", null, url, null, e);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, Uri url, int status, CancellationToken ct)
    {
        if (content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            throw new AcmeProtocolException($"The answer from {url} is larger than {_options.MaxResponseBytes} bytes.", status, url);
        }
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(content.Headers.ContentLength is { } n ? (int)n : 4096);
            var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaxResponseBytes)
                    {
                        throw new AcmeProtocolException($"The answer from {url} is larger than {_options.MaxResponseBytes} bytes.", status, url);
                    }
                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            if (content.Headers.ContentLength is { } expected && buffer.Length != expected)
            {
                throw new AcmeProtocolException($"The answer from {url} was cut off ({buffer.Length} of {expected} bytes).", status, url, null, null, AcmeErrorKind.RetryLater);
            }
            return buffer.ToArray();
        }
    }

    private sealed record Sent(AcmeResponse Response, string? Nonce);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "The CA rejected the nonce for {Url}; re-signing (attempt {Attempt}).")]
    private static partial void LogBadNonce(ILogger logger, Uri url, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "The CA answered {Url} with {Status} {ErrorName}.")]
    private static partial void LogProblem(ILogger logger, Uri url, int status, string errorName);
}
