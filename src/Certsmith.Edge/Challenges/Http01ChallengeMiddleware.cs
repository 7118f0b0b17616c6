using Certsmith.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Edge.Challenges;

/// <summary>
/// Answers HTTP-01 (RFC 8555 §8.3) on plain HTTP for every Host, before anything else: the key authorization
/// from the store (so any node answers), or 404. Other requests pass on.
/// </summary>
internal sealed class Http01ChallengeMiddleware : IMiddleware
{
    /// <summary>RFC 8555 §8.3.</summary>
    internal const string PathPrefix = "/.well-known/acme-challenge/";

    private readonly IAcmeStateStore _acme;
    private readonly TimeProvider _timeProvider;

    public Http01ChallengeMiddleware(ICertsmithStore store, TimeProvider timeProvider)
    {
        _acme = store.Acme;
        _timeProvider = timeProvider;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (context.Request.IsHttps || path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var token = path[PathPrefix.Length..];
        var answer = IsToken(token)
            ? await _acme.GetChallengeAnswerAsync(token, _timeProvider.GetUtcNow(), context.RequestAborted).ConfigureAwait(false)
            : null;
        if (answer is null)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no such challenge.").ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = System.Text.Encoding.ASCII.GetByteCount(answer.KeyAuthorization);
        await context.Response.WriteAsync(answer.KeyAuthorization, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A token is base64url (RFC 8555 §8.3); anything else is not looked up.</summary>
    private static bool IsToken(string token) =>
        token.Length is > 0 and <= 256 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
