using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Certsmith.Cli.Api;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary><c>certsmith address add|remove|show</c>; <c>add --wait</c> follows the certificate until it is valid or fails.</summary>
internal static class AddressCommands
{
    /// <summary>How often <c>--wait</c> asks: a certificate from a local CA takes seconds, so a second is responsive and cheap.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Build(CliContext cli)
    {
        var address = new Command("address", "Host names of a site; each gets a certificate.");

        var siteId = new Argument<string>("site-id") { Description = "The site's id." };
        var name = new Argument<string>("name") { Description = "The host name, inside one of your proven domains." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the certificate, showing its progress." };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: give up after this many seconds.", DefaultValueFactory = _ => 300 };
        var add = new Command("add", "Add an address to a site (a certificate is obtained for it).") { siteId, name, wait, timeout };
        cli.SetAction(add, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(siteId))}/addresses", new AddAddressRequest(run.Value(name)), run.CancellationToken).ConfigureAwait(false);
            if (!run.Value(wait))
            {
                return await cli.PrintAsync(run, response, a => $"Added {a["name"]} ({a["id"]}); certificate {Table.Text(a["certificateState"]) ?? "not assigned"}.").ConfigureAwait(false);
            }
            return await WaitAsync(run, tenant, (string)response.Body["id"]!, TimeSpan.FromSeconds(run.Value(timeout))).ConfigureAwait(false);
        });

        var removeSite = new Argument<string>("site-id") { Description = "The site's id." };
        var removeId = new Argument<string>("address-id") { Description = "The address's id." };
        var remove = new Command("remove", "Remove an address from a site.") { removeSite, removeId };
        cli.SetAction(remove, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            await run.Api.DeleteAsync($"{tenant}/sites/{Uri.EscapeDataString(run.Value(removeSite))}/addresses/{Uri.EscapeDataString(run.Value(removeId))}", run.CancellationToken).ConfigureAwait(false);
            await cli.Output.WriteLineAsync(run.ParseResult.GetValue(cli.Json) ? "{}" : "Removed.").ConfigureAwait(false);
            return 0;
        });

        var showId = new Argument<string>("address-id") { Description = "The address's id." };
        var show = new Command("show", "Show an address, its certificate and its history.") { showId };
        cli.SetAction(show, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/addresses/{Uri.EscapeDataString(run.Value(showId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        address.Subcommands.Add(add);
        address.Subcommands.Add(remove);
        address.Subcommands.Add(show);
        return address;
    }

    /// <summary>Polls the address, printing each change of its certificate's state, until valid, failed or the timeout.</summary>
    private static async Task<int> WaitAsync(CommandRun run, string tenant, string addressId, TimeSpan timeout)
    {
        var output = run.Context.Output;
        var json = run.ParseResult.GetValue(run.Context.Json);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(run.CancellationToken);
        deadline.CancelAfter(timeout);
        string? last = null;
        ApiResponse? response = null;
        try
        {
            while (true)
            {
                response = await run.Api.GetAsync($"{tenant}/addresses/{addressId}", deadline.Token).ConfigureAwait(false);
                var a = response.Body;
                var state = Table.Text(a["certificateState"]) ?? "not assigned";
                var line = state + (Table.Time(a["certificateExpectedAt"]) is { } at ? $" (expected at {at})" : "");
                if (line != last && !json)
                {
                    await output.WriteLineAsync($"{DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}  {a["name"]}: certificate {line}").ConfigureAwait(false);
                }
                last = line;
                if (state == "valid")
                {
                    await output.WriteLineAsync(json ? response.Text : $"{a["name"]} is on HTTPS.").ConfigureAwait(false);
                    return 0;
                }
                if (state is "failed" or "retired")
                {
                    throw new ApiException($"the certificate for {a["name"]} {state}: {Table.Text(a["lastError"]) ?? "no reason given"}");
                }
                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!run.CancellationToken.IsCancellationRequested)
        {
            if (json && response is not null)
            {
                await output.WriteLineAsync(response.Text).ConfigureAwait(false);
            }
            throw new ApiException($"gave up waiting after {timeout.TotalSeconds:0} s; the certificate is {last ?? "unknown"}");
        }
    }

    private static string Describe(JsonNode a) =>
        Table.Fields(
            ("id", Table.Text(a["id"])),
            ("name", Table.Text(a["name"])),
            ("site", $"{a["siteName"]} ({a["siteId"]})"),
            ("certificate", Table.Text(a["certificateId"])),
            ("state", Table.Text(a["certificateState"])),
            ("expected at", Table.Time(a["certificateExpectedAt"])),
            ("last error", Table.Text(a["lastError"])))
        + Environment.NewLine + Environment.NewLine + CertificateCommands.Events(a["events"]!);
}
