using System.CommandLine;
using System.Text.Json.Nodes;
using Certsmith.Cli.Api;

namespace Certsmith.Cli.Commands;

/// <summary>
/// What every command shares: the global options, where output goes, and running an action against the API
/// with errors printed as one line and a non-zero exit code.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, HttpMessageHandler? handler)
{
    public const int Failure = 1;

    public TextWriter Output { get; } = output;

    public Option<string?> Url { get; } = new("--url") { Description = "The API's base URL (else CERTSMITH_URL, else the config file).", Recursive = true };

    public Option<string?> Token { get; } = new("--token") { Description = "The API token (else CERTSMITH_TOKEN, else the config file).", Recursive = true };

    public Option<string?> Tenant { get; } = new("--tenant") { Description = "The tenant id to act for (else the token's own tenant).", Recursive = true };

    public Option<string?> Config { get; } = new("--config") { Description = "The config file (default ~/.config/certsmith/config.json).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's raw JSON.", Recursive = true };

    /// <summary>Sets the command's action: connect, run <paramref name="action"/>, report an API error as one line.</summary>
    public void SetAction(Command command, Func<CommandRun, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var settings = CliSettings.Resolve(parseResult.GetValue(Url), parseResult.GetValue(Token), parseResult.GetValue(Tenant), parseResult.GetValue(Config));
                using var http = ApiClient.CreateHttpClient(settings.Url, settings.Token, handler);
                return await action(new CommandRun(this, parseResult, new ApiClient(http), settings, cancellationToken)).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return Failure;
            }
        });

    /// <summary>Prints the raw JSON with <c>--json</c>, else the readable form.</summary>
    public async Task<int> PrintAsync(CommandRun run, ApiResponse response, Func<JsonNode, string> readable)
    {
        await Output.WriteLineAsync(run.ParseResult.GetValue(Json) ? response.Text : readable(response.Body)).ConfigureAwait(false);
        return 0;
    }
}
