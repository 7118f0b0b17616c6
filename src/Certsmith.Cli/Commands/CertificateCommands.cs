using System.CommandLine;
using System.Text.Json.Nodes;
using Certsmith.Cli.Output;

namespace Certsmith.Cli.Commands;

/// <summary>
/// <c>certsmith certificate list|show|events|check-again</c>: state, names, validity, issuer, the last failure, the next
/// attempt; and asking for a managed certificate to be tried again now.
/// </summary>
internal static class CertificateCommands
{
    public static Command Build(CliContext cli)
    {
        var certificate = new Command("certificate", "Certificates of a tenant.");

        var list = new Command("list", "List certificates.");
        cli.SetAction(list, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/certificates", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, l => Table.Render(l,
                ("id", c => Table.Text(c["id"])), ("names", c => Table.Text(c["names"])), ("state", c => Table.Text(c["state"])),
                ("not after", c => Table.Time(c["notAfter"])), ("next attempt", c => Table.Time(c["nextAttemptAt"])))).ConfigureAwait(false);
        });

        var showId = new Argument<string>("certificate-id") { Description = "The certificate's id." };
        var show = new Command("show", "Show a certificate.") { showId };
        cli.SetAction(show, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(showId))}", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Describe).ConfigureAwait(false);
        });

        var eventsId = new Argument<string>("certificate-id") { Description = "The certificate's id." };
        var events = new Command("events", "Show a certificate's history.") { eventsId };
        cli.SetAction(events, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.GetAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(eventsId))}/events", run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, Events).ConfigureAwait(false);
        });

        var checkId = new Argument<string>("certificate-id") { Description = "The managed certificate's id." };
        var checkAgain = new Command("check-again", "Try a managed certificate again now (order, renew or look at its renewal window, as due).") { checkId };
        cli.SetAction(checkAgain, async run =>
        {
            var tenant = await run.TenantPathAsync().ConfigureAwait(false);
            var response = await run.Api.PostAsync($"{tenant}/certificates/{Uri.EscapeDataString(run.Value(checkId))}/check-again", null, run.CancellationToken).ConfigureAwait(false);
            return await cli.PrintAsync(run, response, c => $"Checking {Table.Text(c["names"])} again now (it is {Table.Text(c["state"])}); `certsmith certificate show {Table.Text(c["id"])}` tells how it went.").ConfigureAwait(false);
        });

        certificate.Subcommands.Add(list);
        certificate.Subcommands.Add(show);
        certificate.Subcommands.Add(events);
        certificate.Subcommands.Add(checkAgain);
        CustomCertificateCommands.AddTo(certificate, cli);
        return certificate;
    }

    public static string Events(JsonNode list) =>
        Table.Render(list, ("at", e => Table.Time(e["at"])), ("kind", e => Table.Text(e["kind"])), ("message", e => Table.Text(e["message"])));

    private static string Describe(JsonNode c) => Table.Fields(
        ("id", Table.Text(c["id"])),
        ("names", Table.Text(c["names"])),
        ("kind", Table.Text(c["kind"])),
        ("state", Table.Text(c["state"])),
        ("not before", Table.Time(c["notBefore"])),
        ("not after", Table.Time(c["notAfter"])),
        ("issuer", Table.Text(c["issuer"])),
        ("serial", Table.Text(c["serialNumber"])),
        ("last error", Table.Text(c["lastError"])),
        ("next attempt", Table.Time(c["nextAttemptAt"])));
}
