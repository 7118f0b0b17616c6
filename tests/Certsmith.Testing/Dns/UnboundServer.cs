using System.Globalization;
using System.Net;
using Certsmith.LocalCa;

namespace Certsmith.Testing.Dns;

/// <summary>
/// A real recursive resolver (Debian's Unbound 1.17) on loopback, in front of an authoritative server such as
/// <see cref="KnotServer"/>: what Pebble's <c>-dnsserver</c> should point at when a test needs a CNAME followed from one
/// zone into another (<c>_acme-challenge.elsewhere.test CNAME abc.challenges.platform.test.</c>), as Let's Encrypt's
/// resolver follows it. Pebble does not chase a CNAME itself and Knot, being authoritative only, does not either.
/// </summary>
/// <remarks>
/// It resolves only the zones it was given, all at the one authoritative server, and caches nothing, so a TXT record
/// added or removed there shows in the very next answer. Every other name is REFUSED, and a CNAME leading out of the
/// zones is answered SERVFAIL, both without waiting on anything. unbound runs in the foreground as the current user
/// on a UDP+TCP port chosen at run time, with its own temporary directory. Thread-safe.
/// </remarks>
public sealed class UnboundServer : IAsyncDisposable
{
    /// <summary>Attempts with fresh ports when another process took one between picking and binding.</summary>
    private const int MaxStartAttempts = 3;

    /// <summary>What unbound logs when its port is taken (it then exits): "can't bind socket: Address already in use…".</summary>
    private const string AddressInUse = "address already in use";

    /// <summary>unbound starts in milliseconds; 20 s absorbs a loaded CI machine.</summary>
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan StartPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>A lost UDP datagram on loopback is rare; asking again beats waiting long.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(300);

    /// <summary>What Pebble allows its one DNS question (DESIGN.md, test bench facts).</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private readonly ProcessLog _log;
    private readonly DirectoryInfo _workDirectory;
    private readonly IReadOnlyList<string> _zones;
    private ChildProcess? _process;
    private int _disposed;

    private UnboundServer(IPEndPoint authoritative, IReadOnlyList<string> zones, ProcessLog log)
    {
        Authoritative = authoritative;
        _zones = zones;
        _log = log;
        _workDirectory = Directory.CreateTempSubdirectory("certsmith-unbound-");
    }

    /// <summary>Where it listens (UDP and TCP): give this to Pebble as <c>-dnsserver</c>.</summary>
    public IPEndPoint EndPoint { get; private set; } = null!;

    /// <summary>The authoritative server it asks for every zone.</summary>
    public IPEndPoint Authoritative { get; }

    /// <summary>The zones it resolves, e.g. <c>hosted.test</c> (no trailing dot).</summary>
    public IReadOnlyList<string> Zones => _zones;

    /// <summary>Everything unbound wrote so far (one line per answer, the reason for each SERVFAIL), for test failure messages.</summary>
    public string Log => _log.ToString();

    /// <summary>The working directory holding unbound.conf (deleted on dispose).</summary>
    public string WorkDirectory => _workDirectory.FullName;

    /// <summary>The unbound process's id, for tests that check nothing outlives the server.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("unbound is not running.");

    /// <summary>
    /// Starts unbound resolving every name in <paramref name="zones"/> at <paramref name="authoritative"/> and waits until
    /// it answers SOA for the first zone.
    /// </summary>
    /// <param name="authoritative">An authoritative server on 127.0.0.0/8 serving every zone, e.g. <see cref="KnotServer.Primary"/>.</param>
    /// <param name="zones">The zones' apexes without the trailing dot, e.g. <c>hosted.test</c>, <c>challenges.platform.test</c>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">The arguments are invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">unbound rejected its configuration, exited, or did not answer in time; the message holds the log.</exception>
    public static async Task<UnboundServer> StartAsync(IPEndPoint authoritative, IReadOnlyList<string> zones, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authoritative);
        ArgumentNullException.ThrowIfNull(zones);
        var errors = Validate(authoritative, zones);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Unbound arguments: " + string.Join(" ", errors), nameof(zones));
        }

        var log = new ProcessLog();
        var normalized = zones.Select(z => z.ToLowerInvariant()).ToList();
        return await FreshPorts.StartAsync("Unbound", MaxStartAttempts, log, () => new UnboundServer(authoritative, normalized, log),
            (server, attempt) => server.LaunchAsync(attempt, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>What unbound answers to a recursive query (RD set) for <paramref name="name"/> and <paramref name="type"/>, as Pebble asks.</summary>
    /// <exception cref="TimeoutException">It did not answer within Pebble's 2 s.</exception>
    public async Task<KnotAnswer> QueryAsync(string name, string type, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await LoopbackDnsClient.QueryAsync(EndPoint, name, type, recursionDesired: true, QueryTimeout, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"Unbound at {EndPoint} did not answer {type} {name} within {QueryTimeout.TotalSeconds} s.\n{Log}");
    }

    /// <summary>Stops unbound, waits for it to exit and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // unbound keeps nothing worth a graceful stop: ChildProcess kills it and waits until it is reaped.
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            _workDirectory.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory is not worth failing a test over.
        }
    }

    private static List<string> Validate(IPEndPoint authoritative, IReadOnlyList<string> zones)
    {
        var errors = new List<string>();
        if (authoritative.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !IPAddress.IsLoopback(authoritative.Address))
        {
            errors.Add($"The authoritative server {authoritative} is not on 127.0.0.0/8; Unbound here queries nothing else.");
        }

        if (zones.Count == 0)
        {
            errors.Add("Zones must hold at least one zone.");
        }

        errors.AddRange(zones.Where(z => !KnotOptions.IsDomainName(z)).Select(z => $"Zone name '{z}' is not a domain name without a trailing dot."));
        errors.AddRange(zones.GroupBy(z => z, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"Zone '{g.Key}' is listed more than once."));
        return errors;
    }

    private async Task LaunchAsync(int attempt, CancellationToken cancellationToken)
    {
        var logStart = _log.Length;
        _log.Append("bench", $"start attempt {attempt.ToString(CultureInfo.InvariantCulture)} in {_workDirectory.FullName}");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);

        EndPoint = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.PickFree(alsoUdp: true));
        var config = Path.Combine(_workDirectory.FullName, "unbound.conf");
        var text = UnboundConfig.Render(_workDirectory.FullName, EndPoint.Port, Authoritative, _zones);
        await File.WriteAllTextAsync(config, text, deadline.Token).ConfigureAwait(false);

        try
        {
            // -d: stay in the foreground, so the process is ours to watch and stop.
            _process = ChildProcess.Start(
                DnsExecutables.Unbound, ["-d", "-c", config], new Dictionary<string, string>(), _workDirectory.FullName, _log, "unbound");
            await WaitUntilAnsweringAsync(logStart, text, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Unbound did not answer SOA {_zones[0]} within {StartDeadline.TotalSeconds} s (is {Authoritative} serving it?).\n{_log}");
        }
    }

    /// <summary>Polls until unbound answers SOA for the first zone, which it can only do by asking the authoritative server.</summary>
    private async Task WaitUntilAnsweringAsync(int logStart, string config, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_log.ToString()[logStart..].Contains(AddressInUse, StringComparison.OrdinalIgnoreCase))
            {
                throw new PortTakenException($"Port {EndPoint.Port} picked for Unbound was taken.");
            }

            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"unbound exited during start.\n{_log}\nIts configuration:\n{config}");
            }

            var answer = await LoopbackDnsClient.QueryAsync(EndPoint, _zones[0], "SOA", recursionDesired: true, ProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (answer is { ReturnCode: "NOERROR" } && answer.DataOf("SOA").Count == 1)
            {
                return;
            }

            await Task.Delay(StartPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
