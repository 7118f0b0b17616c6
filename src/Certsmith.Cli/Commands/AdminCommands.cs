using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith admin queue|budgets|failures</c>: the platform admin's operations views (a platform-admin token).</summary>
internal static class AdminCommands
{
    public static Command Build(CliContext cli)
    {
        var admin = new Command("admin", "The platform's operations views, across every tenant (needs a platform-admin token).");

        var limit = new Option<int>("--limit") { Description = "How many jobs to list, the earliest due first (at most 1000).", DefaultValueFactory = _ => 100 };
        var queue = new Command("queue", "List the issuance queue: the next queued pieces of work, the earliest due first.") { limit };
        cli.SetAction(queue, async run =>
        {
            var response = await run.Api.GetAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/admin/queue?limit={run.ParseResult.GetValue(limit)}"), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l,
                ("due", e => Table.Time(e["dueAt"])), ("kind", e => Table.Text(e["kind"])), ("tenant", e => Table.Text(e["tenantName"])),
                ("names", e => Table.Text(e["certificate"]?["names"])), ("state", e => Table.Text(e["certificate"]?["state"])),
                ("attempts", e => Table.Text(e["attempts"])), ("leased by", e => Table.Text(e["leaseOwner"])), ("last error", e => Table.Text(e["lastError"])))).ConfigureAwait(false);
        });

        var budgets = new Command("budgets", "List the CA's rate-limit budgets in use: held ones first, then the fullest.");
        cli.SetAction(budgets, async run =>
        {
            var response = await run.Api.GetAsync("api/v1/admin/budgets", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l,
                ("limit", b => Table.Text(b["description"])), ("used", Used), ("frees at", b => Table.Time(b["freesAt"])),
                ("held until", b => Table.Time(b["heldUntil"])), ("hold reason", b => Table.Text(b["holdReason"])))).ConfigureAwait(false);
        });

        var failures = new Command("failures", "List failing certificates of every tenant, the soonest next attempt first.");
        cli.SetAction(failures, async run =>
        {
            var response = await run.Api.GetAsync("api/v1/admin/failures", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l,
                ("tenant", f => Table.Text(f["tenantName"])), ("certificate", f => Table.Text(f["certificate"]?["id"])), ("names", f => Table.Text(f["certificate"]?["names"])),
                ("state", f => Table.Text(f["certificate"]?["state"])), ("next attempt", f => Table.Time(f["certificate"]?["nextAttemptAt"])),
                ("last error", f => Table.Text(f["certificate"]?["lastError"])))).ConfigureAwait(false);
        });

        admin.Subcommands.Add(queue);
        admin.Subcommands.Add(budgets);
        admin.Subcommands.Add(failures);
        return admin;
    }

    private static string Used(JsonNode budget) =>
        string.Create(CultureInfo.InvariantCulture, $"{Table.Text(budget["used"])}/{Table.Text(budget["limit"])}");
}
