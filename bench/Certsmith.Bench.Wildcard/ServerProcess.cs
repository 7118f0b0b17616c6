using System.Diagnostics;

namespace Certsmith.Bench.Wildcard;

/// <summary>
/// certsmith-server.dll as a child process (as ./run.sh starts it, plus settings on its command line), with its
/// working directory in the bench's work folder so its <c>.data/</c> lands there. Its console log (UTC timestamps
/// to the millisecond, one line per entry) is kept in memory for the breakdown and written to a file.
/// Stopped with SIGTERM, then killed. Thread-safe.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StreamWriter _logFile;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private bool _closed;

    private ServerProcess(Process process, StreamWriter logFile)
    {
        _process = process;
        _logFile = logFile;
    }

    public int Id => _process.Id;

    public Uri ApiUri { get; private set; } = null!;

    public string AdminToken { get; private set; } = "";

    /// <summary>Log lines received so far.</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Starts the server and waits until it wrote <c>.data/cli.env</c> (the API is up and the admin token written).</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, string directory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        info.ArgumentList.Add(Path.GetFullPath(serverDll));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        // Set for Pebble only (see run.sh); .NET ignores it, but the platform's own children should not inherit it.
        info.Environment.Remove("GOMAXPROCS");

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, new StreamWriter(Path.Combine(directory, "server.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var env = Path.Combine(directory, ".data", "cli.env");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(env) || !(await File.ReadAllTextAsync(env, cancellationToken)).Contains("CERTSMITH_EDGE_HTTPS_PORT", StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                var exit = process.HasExited ? $"exit code {process.ExitCode}" : $"not ready within {StartTimeout.TotalSeconds} s";
                await server.DisposeAsync();
                throw new InvalidOperationException($"certsmith-server did not start ({exit}):\n{server.Tail(40)}");
            }
            await Task.Delay(50, cancellationToken);
        }

        var url = (await File.ReadAllLinesAsync(env, cancellationToken)).Single(l => l.StartsWith("export CERTSMITH_URL=", StringComparison.Ordinal));
        server.ApiUri = new Uri(url["export CERTSMITH_URL=".Length..]);
        server.AdminToken = (await File.ReadAllTextAsync(Path.Combine(directory, ".data", "keys", "admin-token"), cancellationToken)).Trim();
        return server;
    }

    /// <summary>The log lines from <paramref name="index"/> on.</summary>
    public IReadOnlyList<string> LinesSince(int index)
    {
        lock (_gate)
        {
            return _lines.Skip(index).ToList();
        }
    }

    /// <summary>The last <paramref name="count"/> lines, for error messages.</summary>
    public string Tail(int count)
    {
        lock (_gate)
        {
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - count)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the host stops in order (API, worker, edge); a kill is the fallback.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var wait = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        lock (_gate)
        {
            _closed = true;
            _logFile.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            if (!_closed)
            {
                _lines.Add(line);
                _logFile.WriteLine(line);
            }
        }
    }
}
