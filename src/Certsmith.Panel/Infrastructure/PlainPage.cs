using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// A page answered outside Razor (before a page model runs, or in place of one): the panel's header and stylesheet,
/// a heading and a few paragraphs, HTML-encoded. For the 404 and the "too large" answers.
/// </summary>
internal sealed class PlainPage(int statusCode, string title, IReadOnlyList<string> paragraphs, string? alert = null) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).Append(" · Certsmith</title><link rel=\"stylesheet\" href=\"").Append(PanelAssets.StylesheetPath).Append("\"></head>\n")
            .Append("<body><header class=\"top\"><span class=\"brand\">Certsmith</span></header>\n<main id=\"main\"><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        if (alert is not null)
        {
            html.Append("<p class=\"error\" role=\"alert\">").Append(WebUtility.HtmlEncode(alert)).Append("</p>");
        }
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }
        var body = Encoding.UTF8.GetBytes(html.Append("<p><a href=\"/\">Back to the panel</a></p></main></body></html>").ToString());
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
