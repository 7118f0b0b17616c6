using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// The panel's 404: a page that says so (a browser shows its own error page for an empty 404), the same whether the
/// object does not exist or belongs to another tenant — it never tells which.
/// </summary>
internal sealed class NotFoundPage : IActionResult
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Not found · Certsmith</title><link rel="stylesheet" href="{PanelAssets.StylesheetPath}"></head>
        <body><header class="top"><span class="brand">Certsmith</span></header>
        <main id="main"><h1>Not found</h1><p>There is no such page here.</p><p><a href="/">Back to the panel</a></p></main></body></html>
        """);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
