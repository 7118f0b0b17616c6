using System.CommandLine;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith tenant create|list</c> (a platform admin's commands).</summary>
internal static class TenantCommands
{
    public static Command Build(CliContext cli)
    {
        var tenant = new Command("tenant", "Tenants (creating them needs a platform-admin token).");

        var name = new Argument<string>("name") { Description = "The tenant's display name." };
        var threshold = new Option<int?>("--wildcard-threshold") { Description = "Its own wildcard threshold (default: the platform's)." };
        var create = new Command("create", "Create a tenant.") { name, threshold };
        cli.SetAction(create, async run =>
        {
            var response = await run.Api.PostAsync("api/v1/tenants", new CreateTenantRequest(run.Value(name), run.Value(threshold)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, t => $"Created tenant {t["name"]} ({t["id"]}).").ConfigureAwait(false);
        });

        var list = new Command("list", "List tenants (a tenant token sees its own).");
        cli.SetAction(list, async run =>
        {
            var response = await run.Api.GetAsync("api/v1/tenants", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l, ("id", t => Table.Text(t["id"])), ("name", t => Table.Text(t["name"])), ("created", t => Table.Time(t["createdAt"])))).ConfigureAwait(false);
        });

        var setId = new Argument<string>("tenant-id") { Description = "The tenant's id." };
        var value = new Argument<string>("threshold") { Description = "From how many addresses under one parent name a wildcard is ordered (2–10000), or \"default\" for the platform's." };
        var setThreshold = new Command("set-threshold", "Change a tenant's wildcard threshold (applies to later additions).") { setId, value };
        cli.SetAction(setThreshold, async run =>
        {
            var raw = run.Value(value);
            int? threshold = raw == "default" ? null
                : int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
                : throw new ApiException($"the threshold must be a whole number or \"default\", not \"{raw}\"");
            var response = await run.Api.PatchAsync($"api/v1/tenants/{Uri.EscapeDataString(run.Value(setId))}", new UpdateTenantRequest(threshold), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, t => $"Tenant {t["name"]}: wildcard threshold {Table.Text(t["wildcardThreshold"]) ?? "the platform's"}.").ConfigureAwait(false);
        });

        var webhookUrl = new Argument<string?>("url") { Description = "Where warnings are POSTed as JSON; leave out to remove the webhook.", Arity = ArgumentArity.ZeroOrOne };
        var setWebhook = new Command("set-webhook", "Set the tenant's webhook for warnings (custom certificates about to expire).") { webhookUrl };
        cli.SetAction(setWebhook, async run =>
        {
            var path = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PutAsync($"{path}/webhook", new WebhookRequest(run.Value(webhookUrl)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, t => $"Tenant {t["name"]}: webhook {Table.Text(t["webhookUrl"]) ?? "removed"}.").ConfigureAwait(false);
        });

        tenant.Subcommands.Add(create);
        tenant.Subcommands.Add(setWebhook);
        tenant.Subcommands.Add(setThreshold);
        tenant.Subcommands.Add(list);
        return tenant;
    }
}
