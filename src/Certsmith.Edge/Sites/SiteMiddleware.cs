using Certsmith.Edge.Certificates;
using Certsmith.Edge.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Certsmith.Edge.Sites;

/// <summary>
/// The end of the pipeline: the Host's site from the snapshot (unknown → 404 page); force HTTPS (plain HTTP → 308 to
/// the same host and path on HTTPS, only while a valid certificate is served for the host; the challenge path was
/// answered before this and is never redirected); HSTS on HTTPS answers when the site chose it; then its backend
/// through YARP (down → 502 page), or the built-in page when the site has no backend.
/// </summary>
internal sealed partial class SiteMiddleware : IMiddleware
{
    private readonly EdgeCertificateCache _cache;
    private readonly IHttpForwarder _forwarder;
    private readonly BackendInvoker _backend;
    private readonly ForwardedHeadersTransformer _transformer;
    private readonly ILogger<SiteMiddleware> _logger;
    private readonly EdgePorts _ports;
    private readonly TimeProvider _time;

    public SiteMiddleware(EdgeCertificateCache cache, IHttpForwarder forwarder, BackendInvoker backend, ForwardedHeadersTransformer transformer, EdgePorts ports, TimeProvider time, ILogger<SiteMiddleware> logger)
    {
        _ports = ports;
        _time = time;
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

        if (!context.Request.IsHttps)
        {
            // The challenge path never gets here: Http01ChallengeMiddleware answers all of it over plain HTTP, first.
            if (route.Site.ForceHttps
                && _cache.Current.Select(route.Host.Value, _time.GetUtcNow()).Reason is SelectionReason.Attached or SelectionReason.Assigned or SelectionReason.Covering)
            {
                // 308 keeps the method and body (a POST stays a POST). The host is the address's own name, never the raw header.
                var port = _ports.Https == 443 ? "" : ":" + _ports.Https.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = $"https://{route.Host.Value}{port}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
                return;
            }
        }
        else if (route.Site.HstsHeader is { } hsts)
        {
            // RFC 6797 §7.2: only over HTTPS (a browser ignores it over plain HTTP anyway).
            context.Response.Headers.StrictTransportSecurity = hsts;
        }

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
