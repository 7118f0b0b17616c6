using System.Globalization;
using System.Net;
using Certsmith.LocalCa;

namespace Certsmith.Testing.Dns;

/// <summary>
/// A real Knot DNS 3.2 on loopback: a primary that accepts TSIG-signed updates (RFC 2136) and, unless
/// <see cref="KnotOptions.RunSecondary"/> is off, a secondary that transfers every zone from it (NOTIFY, then
/// IXFR/AXFR). Each knotd runs in the foreground as a child process, as the current user, on a UDP+TCP port
/// chosen at run time, with its own temporary directory. Record helpers change the primary through knotc
/// zone transactions. Thread-safe.
/// </summary>
/// <remarks>
/// Knot 3.2 plans the NOTIFY that follows a dynamic update (and a secondary's after a transfer) for the next
/// whole second, and while such an event is pending, about one update or transfer in ten is itself held until
/// that second (~0.9 s; seen with knsupdate alone, with or without a secondary). So that DNS-01 updates reach
/// both servers in milliseconds, as the wildcard benchmark needs, the bench watches the logs ("DDNS, finished"
/// on the primary, "zone updated" on the secondary) and runs <c>knotc zone-notify</c> for the zone at once:
/// Knot sends its NOTIFY now and nothing stays pending. What remains is about one stall in a hundred.
/// A production Knot keeps its own timing.
/// </remarks>
public sealed partial class KnotServer : IAsyncDisposable
{
    /// <summary>How long a knotd may take to stop after <c>knotc stop</c> before it is killed.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>One question to a server on loopback; test polls ask again rather than wait long.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private readonly ProcessLog _log;
    private readonly DirectoryInfo _workDirectory;
    private readonly SemaphoreSlim _transactions = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly CoalescingRunner _primaryNotifyNow;
    private readonly CoalescingRunner _secondaryNotifyNow;
    private ChildProcess? _primary;
    private ChildProcess? _secondary;
    private KnotControl? _primaryControl;
    private KnotControl? _secondaryControl;
    private int _secondaryStopped;
    private int _disposed;

    private KnotServer(KnotOptions options, ProcessLog log)
    {
        Options = options;
        _log = log;
        _workDirectory = Directory.CreateTempSubdirectory("certsmith-knot-");
        _primaryNotifyNow = new CoalescingRunner(zone => NotifyNowAsync(_primaryControl, zone));
        _secondaryNotifyNow = new CoalescingRunner(zone => NotifyNowAsync(_secondaryControl, zone));
    }

    /// <summary>The options it was started with.</summary>
    public KnotOptions Options { get; }

    /// <summary>The primary: where updates go.</summary>
    public IPEndPoint Primary { get; private set; } = null!;

    /// <summary>The secondary, or null when <see cref="KnotOptions.RunSecondary"/> is off. Still set after <see cref="StopSecondaryAsync"/>.</summary>
    public IPEndPoint? Secondary { get; private set; }

    /// <summary>Every server of every zone as <c>127.0.0.1:port</c>: the primary, then the secondary.</summary>
    public IReadOnlyList<string> AuthoritativeServers =>
        new[] { Primary, Secondary }.OfType<IPEndPoint>().Select(e => e.ToString()).ToList();

    /// <summary>Everything both knotd processes and the knotc commands wrote so far, for test failure messages.</summary>
    public string Log => _log.ToString();

    /// <summary>The working directory holding both servers' files (deleted on dispose).</summary>
    public string WorkDirectory => _workDirectory.FullName;

    /// <summary>The knotd processes' ids (primary first), for tests that check nothing outlives the server.</summary>
    public IReadOnlyList<int> ProcessIds => new[] { _primary, _secondary }.OfType<ChildProcess>().Select(p => p.Id).ToList();

    /// <summary>Starts the primary and the secondary and waits until both answer SOA for every zone.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">Knot rejected its configuration, exited, or did not answer in time; the message holds the log.</exception>
    public static async Task<KnotServer> StartAsync(KnotOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Knot options: " + string.Join(" ", errors), nameof(options));
        }

        var log = new ProcessLog();
        return await FreshPorts.StartAsync("Knot", MaxStartAttempts, log, () => new KnotServer(options, log),
            (server, attempt) => server.LaunchAsync(attempt, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds one record on the primary (a knotc transaction); <paramref name="data"/> is in zone-file form, so TXT
    /// data is quoted (<c>"value"</c>). <paramref name="owner"/> is a full name without the trailing dot.
    /// </summary>
    public Task AddRecordAsync(string zone, string owner, string type, string data, int ttl, CancellationToken cancellationToken) =>
        InTransactionAsync(zone, ["zone-set", zone, Fqdn(owner), ttl.ToString(CultureInfo.InvariantCulture), type, data], cancellationToken);

    /// <summary>Removes every record of <paramref name="type"/> at <paramref name="owner"/> on the primary; none there is fine.</summary>
    public Task RemoveRecordsAsync(string zone, string owner, string type, CancellationToken cancellationToken) =>
        InTransactionAsync(zone, ["zone-unset", zone, Fqdn(owner), type], cancellationToken);

    /// <summary>The records the primary serves in <paramref name="zone"/>, optionally only at one owner and of one type.</summary>
    public async Task<IReadOnlyList<KnotRecord>> ListRecordsAsync(string zone, string? owner, string? type, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        string[] arguments = owner is null ? ["zone-read", zone] : ["zone-read", zone, Fqdn(owner)];
        var (exitCode, output) = await _primaryControl!.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            return output.Contains("no such", StringComparison.Ordinal)
                ? []
                : throw new InvalidOperationException($"knotc zone-read {zone} failed ({exitCode}): {output}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(ParseZoneReadLine)
            .Where(r => type is null || string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>What <paramref name="server"/> answers (no recursion) for <paramref name="name"/> and <paramref name="type"/>.</summary>
    /// <exception cref="TimeoutException">The server did not answer.</exception>
    public async Task<KnotAnswer> QueryAsync(IPEndPoint server, string name, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await LoopbackDnsClient.QueryAsync(server, name, type, recursionDesired: false, QueryTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"{server} did not answer {type} {name} within {QueryTimeout.TotalSeconds} s.");
    }

    /// <summary>
    /// Holds changes to <paramref name="zone"/> on the primary (<c>knotc zone-freeze</c>): Knot then answers REFUSED to
    /// signed updates, as a server does that will not take them (BIND's update-policy denial answers the same).
    /// </summary>
    public Task FreezeUpdatesAsync(string zone, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _primaryControl!.RunCheckedAsync(["zone-freeze", zone], cancellationToken);
    }

    /// <summary>Lets the primary change <paramref name="zone"/> again (<c>knotc zone-thaw</c>).</summary>
    public Task ThawUpdatesAsync(string zone, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _primaryControl!.RunCheckedAsync(["zone-thaw", zone], cancellationToken);
    }

    /// <summary>Stops the secondary (and waits for it to exit), so it misses every later update.</summary>
    public async Task StopSecondaryAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_secondary is null || Interlocked.Exchange(ref _secondaryStopped, 1) != 0)
        {
            return;
        }

        await StopAsync(_secondary, _secondaryControl!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops both servers (knotc stop, else kill), waits for them to exit and deletes their files.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_secondary is not null)
        {
            if (Interlocked.Exchange(ref _secondaryStopped, 1) == 0)
            {
                await StopAsync(_secondary, _secondaryControl!, CancellationToken.None).ConfigureAwait(false);
            }

            await _secondary.DisposeAsync().ConfigureAwait(false);
        }

        if (_primary is not null)
        {
            await StopAsync(_primary, _primaryControl!, CancellationToken.None).ConfigureAwait(false);
            await _primary.DisposeAsync().ConfigureAwait(false);
        }

        _transactions.Dispose();
        _lifetime.Dispose();
        DeleteQuietly(_workDirectory);
    }

    private static string Fqdn(string name) => name.EndsWith('.') ? name : name + ".";

    /// <summary>Parses <c>[zone.] owner ttl TYPE data…</c>.</summary>
    private static KnotRecord ParseZoneReadLine(string line)
    {
        var body = line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..];
        var parts = body.Split(' ', 4);
        return new KnotRecord(
            parts[0].TrimEnd('.').ToLowerInvariant(),
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            parts[2],
            parts.Length > 3 ? parts[3] : string.Empty);
    }

    private static void DeleteQuietly(DirectoryInfo directory)
    {
        try
        {
            directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StopAsync(ChildProcess process, KnotControl control, CancellationToken cancellationToken)
    {
        if (!process.HasExited)
        {
            await control.RunAsync(["stop"], cancellationToken).ConfigureAwait(false);
        }

        if (!await process.WaitForExitAsync(StopTimeout).ConfigureAwait(false))
        {
            _log.Append("bench", $"knotd {process.Id} did not stop within {StopTimeout.TotalSeconds} s; killing it");
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One knotc transaction on the primary at a time: Knot allows one open transaction per zone.</summary>
    private async Task InTransactionAsync(string zone, string[] change, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _transactions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _primaryControl!.RunCheckedAsync(["zone-begin", zone], cancellationToken).ConfigureAwait(false);
            var (exitCode, output) = await _primaryControl.RunAsync(change, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                await _primaryControl.RunAsync(["zone-abort", zone], CancellationToken.None).ConfigureAwait(false);
                if (change[0] == "zone-unset" && output.Contains("no such", StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"knotc {string.Join(' ', change)} failed ({exitCode}): {output}");
            }

            await _primaryControl.RunCheckedAsync(["zone-commit", zone], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _transactions.Release();
        }
    }
}
