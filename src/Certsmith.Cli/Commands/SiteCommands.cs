using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith site create|list|show|set-backend|delete</c>.</summary>
internal static class SiteCommands
{
    public static Command Build(CliContext cli)
    {
        var site = new Command("site", "Sites and their addresses' certificates.");

        var name = new Argument<string>("name") { Description = "The site's name." };
        var backend = new Option<string?>("--backend") { Description = "Where to proxy its traffic (http:// or https:// URL)." };
        var create = new Command("create", "Create a site.") { name, backend };
        cli.SetAction(create, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/sites", new CreateSiteRequest(run.Value(name), run.Value(backend)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, s => $"Created site {s["name"]} ({s["id"]}).").ConfigureAwait(false);
        });

        var list = new Command("list", "List sites.");
        cli.SetAction(list, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/sites", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l, ("id", s => Table.Text(s["id"])), ("name", s => Table.Text(s["name"])), ("backend", s => Table.Text(s["backend"])))).ConfigureAwait(false);
        });

        var showId = new Argument<string>("site-id") { Description = "The site's id." };
        var show = new Command("show", "Show a site with its addresses and their certificates.") { showId };
        cli.SetAction(show, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(showId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var backendId = new Argument<string>("site-id") { Description = "The site's id." };
        var url = new Argument<string?>("url") { Description = "The backend URL; leave out to serve the built-in page.", Arity = ArgumentArity.ZeroOrOne };
        var setBackend = new Command("set-backend", "Change where a site's traffic goes.") { backendId, url };
        cli.SetAction(setBackend, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PatchAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(backendId))}", new UpdateSiteRequest(run.Value(url)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, s => $"Site {s["name"]} now goes to {Table.Text(s["backend"]) ?? "the built-in page"}.").ConfigureAwait(false);
        });

        var httpsId = new Argument<string>("site-id") { Description = "The site's id." };
        var force = new Option<bool>("--force-https") { Description = "Redirect plain HTTP to HTTPS (308) while a valid certificate is served for the host." };
        var maxAge = new Option<long?>("--hsts-max-age") { Description = "Send HSTS with this max-age in seconds on HTTPS answers (e.g. 31536000); leave out for none." };
        var includeSubDomains = new Option<bool>("--include-subdomains") { Description = "HSTS for every subdomain too (only if you mean it)." };
        var preload = new Option<bool>("--preload") { Description = "HSTS preload (needs --include-subdomains and a max-age of at least a year)." };
        var https = new Command("https", "Set a site's force-HTTPS and HSTS settings (all at once; what is left out is off).") { httpsId, force, maxAge, includeSubDomains, preload };
        cli.SetAction(https, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var body = new SiteHttpsRequest(run.Value(force), run.Value(maxAge), run.Value(includeSubDomains), run.Value(preload));
            var response = await run.Api.PutAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(httpsId))}/https", body, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, s => $"Site {s["name"]}: force HTTPS {((bool?)s["forceHttps"] == true ? "on (applies once the certificate is live)" : "off")}, " +
                $"HSTS {(s["hstsMaxAgeSeconds"] is null ? "off" : $"max-age={s["hstsMaxAgeSeconds"]}{((bool?)s["hstsIncludeSubDomains"] == true ? "; includeSubDomains" : "")}{((bool?)s["hstsPreload"] == true ? "; preload" : "")}")}.").ConfigureAwait(false);
        });

        var deleteId = new Argument<string>("site-id") { Description = "The site's id." };
        var delete = new Command("delete", "Delete a site and its addresses.") { deleteId };
        cli.SetAction(delete, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            await run.Api.DeleteAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(deleteId))}", run.CancellationToken).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(run.ParseResult.GetValue(cli.Json) ? "{}" : "Deleted.").ConfigureAwait(false);
            return 0;
        });

        site.Subcommands.Add(create);
        site.Subcommands.Add(list);
        site.Subcommands.Add(show);
        site.Subcommands.Add(setBackend);
        site.Subcommands.Add(https);
        site.Subcommands.Add(delete);
        return site;
    }

    private static string Describe(JsonNode s)
    {
        var text = new StringBuilder(Table.Fields(("id", Table.Text(s["id"])), ("name", Table.Text(s["name"])), ("backend", Table.Text(s["backend"]) ?? "(built-in page)")));
        text.AppendLine().AppendLine().Append(Table.Render(s["addresses"]!,
            ("address id", a => Table.Text(a["id"])),
            ("name", a => Table.Text(a["name"])),
            ("certificate", a => Table.Text(a["certificateState"])),
            ("expected", a => Table.Time(a["certificateExpectedAt"])),
            ("last error", a => Table.Text(a["lastError"]))));
        return text.ToString();
    }
}
