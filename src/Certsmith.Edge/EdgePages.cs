using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Edge;

/// <summary>The edge's own small HTML pages (unknown host, no backend, backend down); every value HTML-encoded.</summary>
internal static class EdgePages
{
    public static Task WriteAsync(HttpContext context, int statusCode, string title, string message)
    {
        var encoder = HtmlEncoder.Default;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{encoder.Encode(title)}</title></head>
            <body><h1>{encoder.Encode(title)}</h1><p>{encoder.Encode(message)}</p></body></html>

            """;
        var body = System.Text.Encoding.UTF8.GetBytes(html);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = body.Length;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
