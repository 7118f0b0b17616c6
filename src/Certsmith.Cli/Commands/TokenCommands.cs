using System.CommandLine;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith token create|list|revoke</c>: a new token's secret is printed once, at creation, and never again.</summary>
internal static class TokenCommands
{
    public static Command Build(CliContext cli)
    {
        var token = new Command("token", "API tokens of a tenant.");

        var name = new Argument<string>("name") { Description = "What the token is for." };
        var create = new Command("create", "Create a token and print its secret (shown once).") { name };
        cli.SetAction(create, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/tokens", new CreateTokenRequest(run.Value(name)), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, t => $"Created token {t["name"]} ({t["id"]}). Its secret, shown only now:{Environment.NewLine}{t["secret"]}").ConfigureAwait(false);
        });

        var list = new Command("list", "List tokens (never their secrets).");
        cli.SetAction(list, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/tokens", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l, ("id", t => Table.Text(t["id"])), ("name", t => Table.Text(t["name"])), ("created", t => Table.Time(t["createdAt"])), ("revoked", t => Table.Time(t["revokedAt"])))).ConfigureAwait(false);
        });

        var id = new Argument<string>("token-id") { Description = "The token's id." };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        cli.SetAction(revoke, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.DeleteAsync($"{tenant}/tokens/{Uri.EscapeDataString(run.Value(id))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, t => $"Revoked token {t["name"]} ({t["id"]}).").ConfigureAwait(false);
        });

        token.Subcommands.Add(create);
        token.Subcommands.Add(list);
        token.Subcommands.Add(revoke);
        return token;
    }
}
