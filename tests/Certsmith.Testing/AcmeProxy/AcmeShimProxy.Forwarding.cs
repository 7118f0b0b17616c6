using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>Plain forwarding: the request to Pebble and Pebble's answer back, unchanged but for hop-by-hop fields.</summary>
public sealed partial class AcmeShimProxy
{
    // RFC 9110 §7.6.1 connection-specific fields, plus Host and Content-Length that HttpClient and Kestrel set themselves.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequest request, byte[] body, CancellationToken ct)
    {
        var target = new Uri(upstreamBase, request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!NotForwarded.Contains(name) && !message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // Pebble builds its URLs from Host and checks the JWS url against it (DESIGN.md, test bench facts).
        message.Headers.Host = request.Host.Value;
        return await upstream.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage answer, byte[] content, TimeSpan? retryAfter)
    {
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!NotForwarded.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        if (retryAfter is { } delay && answer.Headers.RetryAfter is null)
        {
            response.Headers.RetryAfter = RetryAfterSeconds(delay);
        }

        await WriteBodyAsync(context, content).ConfigureAwait(false);
    }

    private static async Task WriteBodyAsync(HttpContext context, byte[] content)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
    }

    private static string RetryAfterSeconds(TimeSpan delay) =>
        ((long)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>
    /// RFC 8555 §6.5: error answers to POST should carry a fresh nonce. Fetched from Pebble for
    /// problems the proxy answers itself, so the client's next request needs no extra round trip.
    /// </summary>
    private async Task<string?> FreshNonceAsync(HttpRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Head, new Uri(upstreamBase, paths.NewNonce));
        message.Headers.Host = request.Host.Value;
        using var answer = await upstream.SendAsync(message, ct).ConfigureAwait(false);
        return answer.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.FirstOrDefault() : null;
    }

    private async Task WriteProblemAsync(HttpContext context, AcmeProblem problem)
    {
        var response = context.Response;
        response.StatusCode = problem.Status;
        response.ContentType = AcmeProblem.ContentType;
        response.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true }.ToString();
        response.Headers.Link = $"<{new Uri(ProxyBase(context.Request), DirectoryPath)}>;rel=\"index\"";
        if (HttpMethods.IsPost(context.Request.Method)
            && await FreshNonceAsync(context.Request, context.RequestAborted).ConfigureAwait(false) is { } nonce)
        {
            response.Headers["Replay-Nonce"] = nonce;
        }

        await WriteBodyAsync(context, problem.ToJson()).ConfigureAwait(false);
    }

    /// <summary>The proxy as the client addressed it, like Pebble builds its own URLs.</summary>
    private static Uri ProxyBase(HttpRequest request) => new($"https://{request.Host.Value}/");
}
