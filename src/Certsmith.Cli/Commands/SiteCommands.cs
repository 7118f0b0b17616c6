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
