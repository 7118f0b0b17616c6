using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Panel;

/// <summary>Maps the web panel at the site's root: <c>/sign-in</c>, <c>/t/{tenantId}/…</c> for a tenant, <c>/admin/…</c> for platform admins.</summary>
public static class PanelEndpointRouteBuilderExtensions
{
    /// <summary>Maps the pages and the stylesheet.</summary>
    public static IEndpointRouteBuilder MapCertsmithPanel(this IEndpointRouteBuilder endpoints)
    {
        var css = ReadStylesheet();
        endpoints.MapGet(PanelAssets.StylesheetPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Text(css, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapRazorPages();
        return endpoints;
    }

    private static string ReadStylesheet()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("panel.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
