using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Testing;

/// <summary>
/// Answers HTTP-01 challenges (RFC 8555 §8.3) on 127.0.0.1: <c>GET /.well-known/acme-challenge/{token}</c>
/// returns the key authorization set for the token, anything else 404. Point
/// <see cref="Certsmith.LocalCa.PebbleOptions.HttpPort"/> at <see cref="Port"/>. Thread-safe.
/// </summary>
public sealed class Http01Responder : IAsyncDisposable
{
    private const string PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>RFC 8555 §8.3: the token is base64url, so only these characters can appear in it.</summary>
    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly ConcurrentDictionary<string, string> _keyAuthorizations = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _requestCount;

    private Http01Responder()
    {
    }

    /// <summary>The port Kestrel bound on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Challenge requests received, answered or not; shows whether the CA came at all.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    public static async Task<Http01Responder> StartAsync(CancellationToken cancellationToken)
    {
        var responder = new Http01Responder();
        (responder._app, responder.Port) = await KestrelLoopback
            .StartAsync(_ => { }, responder.HandleAsync, cancellationToken)
            .ConfigureAwait(false);
        return responder;
    }

    /// <summary>Serves <paramref name="keyAuthorization"/> for <paramref name="token"/>, replacing any earlier value.</summary>
    /// <exception cref="ArgumentException">The token is empty or not base64url.</exception>
    public void Set(string token, string keyAuthorization)
    {
        if (token.Length == 0 || token.AsSpan().ContainsAnyExcept(Base64UrlAlphabet))
        {
            throw new ArgumentException("An HTTP-01 token is non-empty base64url (RFC 8555 §8.3).", nameof(token));
        }

        _keyAuthorizations[token] = keyAuthorization;
    }

    /// <summary>Stops serving <paramref name="token"/>; false when it was not set.</summary>
    public bool Remove(string token) => _keyAuthorizations.TryRemove(token, out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _requestCount);
        if (!HttpMethods.IsGet(context.Request.Method)
            || !_keyAuthorizations.TryGetValue(path[PathPrefix.Length..], out var keyAuthorization))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.WriteAsync(keyAuthorization, context.RequestAborted).ConfigureAwait(false);
    }
}
