using System.Diagnostics;
using Certsmith.LocalCa;

namespace Certsmith.Testing.Dns;

/// <summary>Runs <c>knotc</c> against one knotd's control socket, logging each command and its output.</summary>
internal sealed class KnotControl(string configPath, ProcessLog log, string logName)
{
    /// <summary>knotc's own wait for the server (<c>-t</c>, seconds); a control command takes milliseconds.</summary>
    private const string ServerTimeoutSeconds = "10";

    /// <summary>Runs one command; the exit code and everything knotc printed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(DnsExecutables.Knotc)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-c", configPath, "-t", ServerTimeoutSeconds }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var shown = string.Join(' ', info.ArgumentList.Skip(4));
        using var process = Process.Start(info) ?? throw new InvalidOperationException("knotc did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var output = ((await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false))).TrimEnd();
        log.Append(logName, $"knotc {shown} -> {process.ExitCode}: {output.ReplaceLineEndings(" | ")}");
        return (process.ExitCode, output);
    }

    /// <summary>Runs one command and throws with knotc's words when it fails.</summary>
    public async Task<string> RunCheckedAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var list = arguments.ToList();
        var (exitCode, output) = await RunAsync(list, cancellationToken).ConfigureAwait(false);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"knotc {string.Join(' ', list)} failed ({exitCode}): {output}");
    }
}
