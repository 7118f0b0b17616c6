using System.Globalization;
using System.Net;
using Certsmith.LocalCa;

namespace Certsmith.Testing.Dns;

public sealed partial class KnotServer
{
    /// <summary>Attempts with fresh ports when another process took one between picking and binding.</summary>
    private const int MaxStartAttempts = 3;

    /// <summary>What knotd logs when its port is taken (it then exits).</summary>
    private const string AddressInUse = "address already in use";

    /// <summary>What knotd logs when a zone file (the options' records) does not parse; the zone is then not served.</summary>
    private const string ZoneLoadFailed = "zone event 'load' failed";

    /// <summary>What the primary logs once a dynamic update is in the zone.</summary>
    private const string UpdateFinished = "] DDNS, finished, serial";

    /// <summary>What the secondary logs once a transfer is in the zone.</summary>
    private const string TransferFinished = ", zone updated, ";

    /// <summary>Both servers start and transfer in well under a second; 20 s absorbs a loaded CI machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>A lost UDP datagram on loopback is rare; asking again beats waiting long.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(300);

    private async Task LaunchAsync(int attempt, CancellationToken cancellationToken)
    {
        var logStart = _log.Length;
        _log.Append("bench", $"start attempt {attempt.ToString(CultureInfo.InvariantCulture)} in {_workDirectory.FullName}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);

        var primaryPort = LoopbackPorts.PickFree(alsoUdp: true);
        var secondaryPort = Options.RunSecondary ? LoopbackPorts.PickFree(alsoUdp: true) : (int?)null;
        Primary = new IPEndPoint(IPAddress.Loopback, primaryPort);
        Secondary = secondaryPort is { } port ? new IPEndPoint(IPAddress.Loopback, port) : null;

        var primary = new KnotDirectories(Path.Combine(_workDirectory.FullName, "primary"));
        await File.WriteAllTextAsync(primary.Config, KnotConfig.Primary(Options, primary, primaryPort, secondaryPort), deadline.Token).ConfigureAwait(false);
        foreach (var zone in Options.Zones)
        {
            await File.WriteAllTextAsync(primary.ZoneFile(zone.Name), KnotConfig.ZoneFile(zone, Options.RunSecondary), deadline.Token).ConfigureAwait(false);
        }

        _primaryControl = new KnotControl(primary.Config, _log, "knotc-primary");
        await CheckConfigAsync(_primaryControl, primary.Config, deadline.Token).ConfigureAwait(false);

        KnotDirectories? secondary = null;
        if (secondaryPort is { } secondaryListen)
        {
            secondary = new KnotDirectories(Path.Combine(_workDirectory.FullName, "secondary"));
            await File.WriteAllTextAsync(secondary.Config, KnotConfig.Secondary(Options, secondary, secondaryListen, primaryPort), deadline.Token).ConfigureAwait(false);
            _secondaryControl = new KnotControl(secondary.Config, _log, "knotc-secondary");
            await CheckConfigAsync(_secondaryControl, secondary.Config, deadline.Token).ConfigureAwait(false);
        }

        try
        {
            _primary = ChildProcess.Start(
                DnsExecutables.Knotd, ["-c", primary.Config], new Dictionary<string, string>(), primary.Root, _log, "primary", OnPrimaryLine);
            await WaitUntilAnsweringAsync(Primary, logStart, deadline.Token).ConfigureAwait(false);

            // Started once the primary answers, so its first transfer succeeds instead of waiting for a retry.
            if (secondary is not null)
            {
                _secondary = ChildProcess.Start(
                    DnsExecutables.Knotd, ["-c", secondary.Config], new Dictionary<string, string>(), secondary.Root, _log, "secondary", OnSecondaryLine);
                await WaitUntilAnsweringAsync(Secondary!, logStart, deadline.Token).ConfigureAwait(false);
            }

            // Start-up leaves NOTIFY events planned (the primary's first NOTIFY found no secondary yet, the
            // secondary's follows its first transfer); run them now so they hold no first update.
            await NotifyNowAsync(_primaryControl, zone: null).ConfigureAwait(false);
            await NotifyNowAsync(_secondaryControl, zone: null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Knot did not answer SOA for every zone within {StartDeadline.TotalSeconds} s.\n{_log}");
        }
    }

    private static async Task CheckConfigAsync(KnotControl control, string configPath, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await control.RunAsync(["conf-check"], cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"Knot rejected the configuration it was given ({output}):\n{await File.ReadAllTextAsync(configPath, cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>Polls until <paramref name="server"/> answers authoritatively with the primary's SOA serial for every zone.</summary>
    private async Task WaitUntilAnsweringAsync(IPEndPoint server, int logStart, CancellationToken cancellationToken)
    {
        while (true)
        {
            var log = _log.ToString()[logStart..];
            if (log.Contains(AddressInUse, StringComparison.Ordinal))
            {
                throw new PortTakenException("A port picked for Knot was taken.");
            }

            if (log.Contains(ZoneLoadFailed, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Knot could not load a zone (see 'zone loader' below).\n{_log}");
            }

            if (_primary is { HasExited: true } || _secondary is { HasExited: true })
            {
                throw new InvalidOperationException($"knotd exited during start.\n{_log}");
            }

            if (await AnswersEveryZoneAsync(server, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(StartPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> AnswersEveryZoneAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        foreach (var zone in Options.Zones)
        {
            var serial = await SoaSerialAsync(server, zone.Name, cancellationToken).ConfigureAwait(false);
            if (serial is null || (!server.Equals(Primary) && serial != await SoaSerialAsync(Primary, zone.Name, cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<string?> SoaSerialAsync(IPEndPoint server, string zone, CancellationToken cancellationToken)
    {
        var answer = await LoopbackDnsClient.QueryAsync(server, zone, "SOA", recursionDesired: false, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return answer is { ReturnCode: "NOERROR", IsAuthoritative: true } && answer.DataOf("SOA") is [var soa]
            ? soa.Split(' ')[2]
            : null;
    }

    /// <summary>The zone of a knotd log line <c>… [zone.] message</c> that contains <paramref name="marker"/>, else null.</summary>
    private static string? ZoneOf(string line, string marker)
    {
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        var open = line.IndexOf('[', StringComparison.Ordinal);
        var close = line.IndexOf(".] ", StringComparison.Ordinal);
        return at < 0 || open < 0 || close < open || close > at ? null : line[(open + 1)..close];
    }

    private void OnPrimaryLine(string line)
    {
        if (ZoneOf(line, UpdateFinished) is { } zone)
        {
            _primaryNotifyNow.Request(zone);
        }
    }

    private void OnSecondaryLine(string line)
    {
        if (ZoneOf(line, TransferFinished) is { } zone)
        {
            _secondaryNotifyNow.Request(zone);
        }
    }

    /// <summary>
    /// <c>knotc zone-notify</c>: Knot runs the NOTIFY event it planned for the next whole second now, so no event stays
    /// pending to hold the zone's next update or transfer until that second (see the class remarks).
    /// </summary>
    private async Task NotifyNowAsync(KnotControl? control, string? zone)
    {
        if (control is null)
        {
            return;
        }

        try
        {
            // Without a zone, knotc notifies for every zone.
            await control.RunAsync(zone is null ? ["zone-notify"] : ["zone-notify", zone], _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Disposing: the server is going away.
        }
    }
}
