using System.CommandLine;
using System.Text.Json.Nodes;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith domain add|list|show|prove</c>.</summary>
internal static class DomainCommands
{
    public static Command Build(CliContext cli)
    {
        var domain = new Command("domain", "Domains a tenant holds.");

        var name = new Argument<string>("name") { Description = "The domain name." };
        var kind = new Option<string>("--kind") { Description = "hostedZone (DNS served by the platform) or external.", DefaultValueFactory = _ => "hostedZone" };
        kind.AcceptOnlyFromAmong("hostedZone", "external");
        var add = new Command("add", "Add a domain.") { name, kind };
        cli.SetAction(add, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/domains", new AddDomainRequest(run.Value(name), run.Value(kind)!), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var list = new Command("list", "List domains.");
        cli.SetAction(list, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/domains", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l, ("id", d => Table.Text(d["id"])), ("name", d => Table.Text(d["name"])), ("kind", d => Table.Text(d["kind"])), ("state", d => Table.Text(d["state"])))).ConfigureAwait(false);
        });

        var id = new Argument<string>("domain-id") { Description = "The domain's id." };
        var show = new Command("show", "Show a domain and the TXT record that proves it.") { id };
        cli.SetAction(show, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/domains/{Uri.EscapeDataString(run.Value(id))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var proveId = new Argument<string>("domain-id") { Description = "The domain's id." };
        var prove = new Command("prove", "Check the domain's proof and mark it proven.") { proveId };
        cli.SetAction(prove, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/domains/{Uri.EscapeDataString(run.Value(proveId))}/prove", null, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        domain.Subcommands.Add(add);
        domain.Subcommands.Add(list);
        domain.Subcommands.Add(show);
        domain.Subcommands.Add(prove);
        return domain;
    }

    private static string Describe(JsonNode d)
    {
        var fields = new List<(string, string?)> { ("id", Table.Text(d["id"])), ("name", Table.Text(d["name"])), ("kind", Table.Text(d["kind"])), ("state", Table.Text(d["state"])) };
        if (d["verification"] is JsonObject txt)
        {
            fields.Add(("prove with", $"{txt["recordName"]} {txt["recordType"]} \"{txt["value"]}\""));
        }
        if (d["checkError"] is JsonValue problem)
        {
            fields.Add(("last check", (string?)problem));
        }
        return Table.Fields([.. fields]);
    }
}
