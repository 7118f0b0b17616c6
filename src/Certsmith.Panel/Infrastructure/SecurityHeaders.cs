using Microsoft.AspNetCore.Mvc.Filters;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// Headers on every panel page: no script, style or form target but the panel's own (the pages need no script at
/// all), never framed (clickjacking), no MIME sniffing, no referrer to other sites, and nothing cached by the browser
/// (pages show a tenant's data). Thread-safe; stateless.
/// </summary>
internal sealed class SecurityHeaders : IAsyncPageFilter
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        // What antiforgery sets on pages with a form anyway (it logs a warning when it has to override anything else).
        headers.CacheControl = "no-cache, no-store";
        headers.Pragma = "no-cache";
        return next();
    }
}
