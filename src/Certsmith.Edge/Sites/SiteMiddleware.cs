using Certsmith.Edge.Certificates;
using Certsmith.Edge.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Certsmith.Edge.Sites;

/// <summary>
/// The end of the pipeline: the Host's site from the snapshot (unknown → 404 page), then its backend through
/// YARP (down → 502 page), or the built-in page when the site has no backend.
/// </summary>
internal sealed partial class SiteMiddleware : IMiddleware
{
    private readonly EdgeCertificateCache _cache;
    private readonly IHttpForwarder _forwarder;
    private readonly BackendInvoker _backend;
    private readonly ForwardedHeadersTransformer _transformer;
    private readonly ILogger<SiteMiddleware> _logger;

    public SiteMiddleware(EdgeCertificateCache cache, IHttpForwarder forwarder, BackendInvoker backend, ForwardedHeadersTransformer transformer, ILogger<SiteMiddleware> logger)
    {
        _cache = cache;
        _forwarder = forwarder;
        _backend = backend;
        _transformer = transformer;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (_cache.Current.FindRoute(host) is not { } route)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown site", $"No site is served at {host}.").ConfigureAwait(false);
            return;
        }

        // Force HTTPS (a redirect of plain HTTP once a certificate is live; never the challenge path, which was
        // answered before this) and HSTS on HTTPS answers (route.Site.ForceHttps, route.Site.HstsMaxAge) come
        // in a later issue, here.

        if (route.Site.Backend is not { } backend)
        {
            await EdgePages.WriteAsync(context, StatusCodes.Status200OK, route.Site.Name, $"The site {route.Site.Name} is served at {route.Host}. It has no backend yet.").ConfigureAwait(false);
            return;
        }

        var error = await _forwarder.SendAsync(context, backend.AbsoluteUri, _backend.Invoker, ForwarderRequestConfig.Empty, _transformer).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            var exception = context.GetForwarderErrorFeature()?.Exception;
            LogForwardFailed(exception, route.Site.Id, route.Host.Value, error);
            // YARP has set 502 (or 504 for a timeout) and left the body to us, unless the answer had begun.
            if (!context.Response.HasStarted && context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                await EdgePages.WriteAsync(context, context.Response.StatusCode, "Bad gateway", $"The backend of {route.Host} did not answer.").ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxying to the backend of site {SiteId} for {Host} failed: {Error}.")]
    private partial void LogForwardFailed(Exception? exception, Guid siteId, string host, ForwarderError error);
}
