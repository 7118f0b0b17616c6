using System.Net;

namespace Certsmith.Edge.Proxy;

/// <summary>
/// The one <see cref="HttpMessageInvoker"/> every proxied request goes through (YARP direct forwarding):
/// pooled connections shared across sites; no proxy, redirects, cookies or decompression, since the edge
/// passes answers through as the backend sent them. A singleton; thread-safe.
/// </summary>
internal sealed class BackendInvoker : IDisposable
{
    public BackendInvoker(EdgeOptions options)
    {
        Invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.BackendConnectTimeout,
            ActivityHeadersPropagator = null,
        });
    }

    public HttpMessageInvoker Invoker { get; }

    public void Dispose() => Invoker.Dispose();
}
