using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Certsmith.Edge.Proxy;

/// <summary>
/// YARP's default request copy plus X-Forwarded-For/-Proto/-Host. The edge is the first hop, so whatever
/// X-Forwarded-* the client sent is replaced, never appended to: a client cannot pose as another address.
/// </summary>
internal sealed class ForwardedHeadersTransformer : HttpTransformer
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const string ForwardedProto = "X-Forwarded-Proto";
    private const string ForwardedHost = "X-Forwarded-Host";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        var headers = proxyRequest.Headers;
        headers.Remove(ForwardedFor);
        headers.Remove(ForwardedProto);
        headers.Remove(ForwardedHost);
        headers.Remove("Forwarded");
        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            headers.TryAddWithoutValidation(ForwardedFor, (remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote).ToString());
        }
        headers.TryAddWithoutValidation(ForwardedProto, httpContext.Request.Scheme);
        headers.TryAddWithoutValidation(ForwardedHost, httpContext.Request.Host.ToUriComponent());
    }
}
