using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// Refuses a form larger than <see cref="PanelUploads.MaxRequestBytes"/> from its Content-Length, before anything reads
/// it — antiforgery included, which reads the form first — with a page that says what is wrong (a bare 413 from Kestrel
/// shows as the browser's own error page). A body without a length still meets Kestrel's limit
/// (<see cref="RequestSizeLimitAttribute"/> on the upload pages, Kestrel's default elsewhere). Stateless; thread-safe.
/// </summary>
internal sealed class FormSizeLimit : IAsyncAuthorizationFilter, IOrderedFilter
{
    /// <summary>Bodies up to this size are read and dropped after the answer, so the browser shows it (20 MB files happen).</summary>
    private const long MaxDrainBytes = 64L * 1024 * 1024;

    /// <summary>Before every other authorization filter (antiforgery validation is one).</summary>
    public int Order => int.MinValue;

    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HttpContext.Request.ContentLength is { } length && length > PanelUploads.MaxRequestBytes)
        {
            // A browser that is still sending shows a reset connection, not the answer, when the server closes early:
            // let Kestrel read and drop a body of a sensible size after answering; close on anything beyond.
            var limit = context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (length <= MaxDrainBytes && limit is { IsReadOnly: false })
            {
                limit.MaxRequestBodySize = length;
            }
            else
            {
                context.HttpContext.Response.Headers.Connection = "close";
            }
            context.Result = TooLarge(length);
        }
        return Task.CompletedTask;
    }

    private static PlainPage TooLarge(long length) => new(
        StatusCodes.Status413PayloadTooLarge,
        "Too large",
        ["Nothing was stored. Go back and choose another file."],
        alert: string.Create(CultureInfo.InvariantCulture,
            $"What you sent is too large ({length / 1024} KiB; the panel takes at most {PanelUploads.MaxRequestBytes / 1024} KiB, and each file at most {PanelUploads.MaxFileBytes / 1024} KiB). A certificate, its chain and its key are a few KiB: check that you chose the right file."));
}
