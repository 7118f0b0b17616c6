using System.Diagnostics;

namespace Certsmith.LocalCa;

/// <summary>A child process whose stdout and stderr go to a <see cref="ProcessLog"/>, killed with its tree on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>How long to wait for a killed process to be reaped before giving up.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until the process exits by itself; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with exactly these arguments. Inherited <c>PEBBLE_*</c>
    /// variables are dropped so only <paramref name="environment"/> configures the child.
    /// <paramref name="onLine"/>, when given, sees every output line as it arrives (on a reader thread).
    /// </summary>
    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        ProcessLog log,
        string logName,
        Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("PEBBLE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e);
        process.ErrorDataReceived += (_, e) => Append(e);
        log.Append(logName, $"starting {fileName} {string.Join(' ', info.ArgumentList.Select(Quote))}");
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);

        void Append(DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                log.Append(logName, e.Data);
                onLine?.Invoke(e.Data);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            // Reap it, and let the output readers drain, so nothing outlives the test.
            using var timeout = new CancellationTokenSource(ExitTimeout);
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string Quote(string argument) => argument.Length == 0 ? "\"\"" : argument;
}
