using System.CommandLine;
using System.Text.Json.Nodes;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith wildcard request|withdraw</c> and <c>certsmith delegation add|list|show|check|remove</c>.</summary>
internal static class WildcardCommands
{
    public static Command Build(CliContext cli)
    {
        var wildcard = new Command("wildcard", "Wildcard certificates (*.parent) the tenant asks for; DNS-01 through the platform's DNS.");

        var parent = new Argument<string>("parent") { Description = "The parent name: example.org for *.example.org." };
        var request = new Command("request", "Ask for *.parent now; its children without a certificate of their own, and all later ones, use it.") { parent };
        cli.SetAction(request, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/wildcards", new WildcardRequest(run.Value(parent)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Requested {string.Join(", ", c["names"]!.AsArray().Select(n => (string?)n))} ({c["id"]}): {c["state"]}.").ConfigureAwait(false);
        });

        var id = new Argument<string>("certificate-id") { Description = "The wildcard certificate's id." };
        var withdraw = new Command("withdraw", "Withdraw the request; the wildcard is retired once no address uses it.") { id };
        cli.SetAction(withdraw, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.DeleteAsync($"{tenant}/wildcards/{Uri.EscapeDataString(run.Value(id))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Withdrawn; {string.Join(", ", c["names"]!.AsArray().Select(n => (string?)n))} is {c["state"]}.").ConfigureAwait(false);
        });

        wildcard.Subcommands.Add(request);
        wildcard.Subcommands.Add(withdraw);
        return wildcard;
    }

    public static Command BuildDelegation(CliContext cli)
    {
        var delegation = new Command("delegation", "An external domain's _acme-challenge CNAME into the platform's challenge zone (for wildcards).");

        var parent = new Argument<string>("parent") { Description = "The parent name whose wildcard it enables." };
        var add = new Command("add", "Start a delegation and print the CNAME to create in your DNS.") { parent };
        cli.SetAction(add, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/delegations", new WildcardRequest(run.Value(parent)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var list = new Command("list", "List delegations.");
        cli.SetAction(list, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/delegations", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l, ("id", d => Table.Text(d["id"])), ("record", d => Table.Text(d["recordName"])),
                ("cname", d => Table.Text(d["target"])), ("verified", d => Table.Text(d["verified"])))).ConfigureAwait(false);
        });

        var showId = new Argument<string>("delegation-id") { Description = "The delegation's id." };
        var show = new Command("show", "Show a delegation and the record to create.") { showId };
        cli.SetAction(show, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/delegations/{Uri.EscapeDataString(run.Value(showId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var checkId = new Argument<string>("delegation-id") { Description = "The delegation's id." };
        var check = new Command("check", "Look the CNAME up now.") { checkId };
        cli.SetAction(check, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/delegations/{Uri.EscapeDataString(run.Value(checkId))}/check", null, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var removeId = new Argument<string>("delegation-id") { Description = "The delegation's id." };
        var remove = new Command("remove", "Remove a delegation.") { removeId };
        cli.SetAction(remove, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.DeleteAsync($"{tenant}/delegations/{Uri.EscapeDataString(run.Value(removeId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, _ => "Removed.").ConfigureAwait(false);
        });

        delegation.Subcommands.Add(add);
        delegation.Subcommands.Add(list);
        delegation.Subcommands.Add(show);
        delegation.Subcommands.Add(check);
        delegation.Subcommands.Add(remove);
        return delegation;
    }

    private static string Describe(JsonNode d) => Table.Fields(
        ("id", Table.Text(d["id"])),
        ("parent", Table.Text(d["parent"])),
        ("create", $"{d["recordName"]}. {d["recordType"]} {d["target"]}."),
        ("verified", Table.Text(d["verified"])),
        ("last check", Table.Text(d["checkError"])));
}
