using System.CommandLine;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary>
/// <c>certsmith user create|list|disable|set-password</c>: people who sign in to the panel, of a tenant or (with <c>--admin</c>) the
/// platform admins. A password is read from a file or standard input, never from the command line, where other users
/// of the machine and the shell's history would see it.
/// </summary>
internal static class UserCommands
{
    public static Command Build(CliContext cli)
    {
        var user = new Command("user", "Users who sign in to the panel: a tenant's, or the platform admins with --admin.");

        var email = new Argument<string>("email") { Description = "Their e-mail address (their sign-in name)." };
        var passwordFile = new Option<string>("--password-file")
        {
            Description = "A file whose first line is the password (at least 12 characters); \"-\" reads it from standard input.",
            Required = true,
        };
        var createAdmin = AdminOption();
        var create = new Command("create", "Create a user.") { email, passwordFile, createAdmin };
        cli.SetAction(create, async run =>
        {
            var password = await ReadPasswordAsync(run.Value(passwordFile)!, run.CancellationToken).ConfigureAwait(false);
            var path = await UsersPathAsync(run, run.Value(createAdmin)).ConfigureAwait(false);
            var response = await run.Api.PostAsync(path, new CreateUserRequest(run.Value(email), password), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, u => $"Created user {u["email"]} ({u["id"]}).").ConfigureAwait(false);
        });

        var listAdmin = AdminOption();
        var list = new Command("list", "List users (never their passwords).") { listAdmin };
        cli.SetAction(list, async run =>
        {
            var response = await run.Api.GetAsync(await UsersPathAsync(run, run.Value(listAdmin)).ConfigureAwait(false), run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l,
                ("id", u => Table.Text(u["id"])), ("email", u => Table.Text(u["email"])), ("created", u => Table.Time(u["createdAt"])), ("disabled", u => Table.Time(u["disabledAt"])))).ConfigureAwait(false);
        });

        var id = new Argument<string>("user-id") { Description = "The user's id." };
        var disableAdmin = AdminOption();
        var disable = new Command("disable", "Disable a user: they can no longer sign in.") { id, disableAdmin };
        cli.SetAction(disable, async run =>
        {
            var path = await UsersPathAsync(run, run.Value(disableAdmin)).ConfigureAwait(false);
            await run.Api.DeleteAsync($"{path}/{Uri.EscapeDataString(run.Value(id))}", run.CancellationToken).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(run.ParseResult.GetValue(cli.Json) ? "{}" : "Disabled.").ConfigureAwait(false);
            return 0;
        });

        var setPasswordFile = new Option<string>("--password-file")
        {
            Description = "A file whose first line is the new password (at least 12 characters); \"-\" reads it from standard input.",
            Required = true,
        };
        var setPasswordId = new Argument<string>("user-id") { Description = "The user's id." };
        var setPasswordAdmin = AdminOption();
        var setPassword = new Command("set-password", "Set a user's password (for one who lost theirs); every panel session of the user ends.") { setPasswordId, setPasswordFile, setPasswordAdmin };
        cli.SetAction(setPassword, async run =>
        {
            var password = await ReadPasswordAsync(run.Value(setPasswordFile)!, run.CancellationToken).ConfigureAwait(false);
            var path = await UsersPathAsync(run, run.Value(setPasswordAdmin)).ConfigureAwait(false);
            await run.Api.PutAsync($"{path}/{Uri.EscapeDataString(run.Value(setPasswordId))}/password", new SetPasswordRequest(password), run.CancellationToken).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(run.ParseResult.GetValue(cli.Json) ? "{}" : "Password set; the user's panel sessions have ended.").ConfigureAwait(false);
            return 0;
        });

        user.Subcommands.Add(create);
        user.Subcommands.Add(list);
        user.Subcommands.Add(disable);
        user.Subcommands.Add(setPassword);
        return user;
    }

    /// <summary>The body of <c>PUT …/users/{id}/password</c> (kept here: the CLI knows the API only as JSON).</summary>
    private sealed record SetPasswordRequest(string Password);

    private static Option<bool> AdminOption() => new("--admin") { Description = "Platform admins instead of a tenant's users (a platform-admin token)." };

    private static async Task<string> UsersPathAsync(CommandRun run, bool admins) =>
        admins ? "api/v1/admins" : $"{await run.TenantPathAsync().ConfigureAwait(false)}/users";

    private static async Task<string> ReadPasswordAsync(string file, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            if (file == "-")
            {
                line = await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var reader = new StreamReader(file);
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ApiException($"cannot read the password from {file}: {e.Message}", e);
        }
        return string.IsNullOrEmpty(line) ? throw new ApiException($"{file} holds no password (its first line is empty)") : line;
    }
}
