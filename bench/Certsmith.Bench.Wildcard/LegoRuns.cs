using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Bench.Wildcard;

/// <summary>
/// Debian's lego with its rfc2136 provider against the same Pebble and Knot, once per wildcard, as a platform
/// scripting the CLI would. Each run is one process (account loaded from <c>--path</c>, registered by the first run)
/// under GNU time for its CPU; the wall time is the process's, from start to exit. Every certificate is checked to
/// name its wildcard.
/// </summary>
internal sealed class LegoRuns(LegoSettings settings, CancellationToken cancellationToken)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    /// <exception cref="InvalidOperationException">lego failed or its certificate is not the one asked for; the message holds its log.</exception>
    public async Task<LegoRun> RunAsync(string parent)
    {
        var name = "*." + parent;
        var log = Path.Combine(settings.WorkDirectory, $"lego-{parent}.log");
        var timeFile = Path.Combine(settings.WorkDirectory, $"lego-{parent}.time");
        var info = new ProcessStartInfo("/usr/bin/time")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "-f", "%e %U %S %M", "-o", timeFile,
            "lego", "--server", settings.DirectoryUrl.ToString(), "--accept-tos", "--email", "bench@lego.test",
            "--path", Path.Combine(settings.WorkDirectory, "lego"), "--key-type", "ec256",
            "--dns", "rfc2136", "--dns.disable-cp", "--dns.resolvers", settings.Nameserver,
            "--domains", name, "run",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("GOMAXPROCS");
        info.Environment["LEGO_CA_CERTIFICATES"] = settings.CaCertificates;
        info.Environment["RFC2136_NAMESERVER"] = settings.Nameserver;
        info.Environment["RFC2136_TSIG_KEY"] = settings.KeyName;
        info.Environment["RFC2136_TSIG_SECRET"] = settings.Secret;
        info.Environment["RFC2136_TSIG_ALGORITHM"] = "hmac-sha256.";
        info.Environment["RFC2136_SEQUENCE_INTERVAL"] = "1";
        info.Environment["RFC2136_PROPAGATION_TIMEOUT"] = "60";
        info.Environment["RFC2136_POLLING_INTERVAL"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start lego");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var wall = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        var output = await stdout + await stderr;
        await File.WriteAllTextAsync(log, output);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"lego for {name} failed (exit {process.ExitCode}, {wall.TotalSeconds:F1} s):\n{output}");
        }

        var certificate = Path.Combine(settings.WorkDirectory, "lego", "certificates", $"_.{parent}.crt");
        using (var leaf = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificate)))
        {
            if (!leaf.MatchesHostname("x." + parent, allowWildcards: true, allowCommonName: false))
            {
                throw new InvalidOperationException($"lego's certificate {certificate} does not cover {name}: {leaf.Subject}");
            }
        }

        // "%e %U %S %M": elapsed, user and system seconds, max RSS in KiB (GNU time).
        var times = (await File.ReadAllTextAsync(timeFile)).Trim().Split('\n')[^1].Split(' ');
        return new LegoRun(parent, wall.TotalMilliseconds,
            double.Parse(times[1], CultureInfo.InvariantCulture) + double.Parse(times[2], CultureInfo.InvariantCulture),
            long.Parse(times[3], CultureInfo.InvariantCulture), log);
    }
}

/// <summary>Where lego finds the CA and the DNS; the TSIG secret is only ever put in lego's environment.</summary>
internal sealed record LegoSettings(Uri DirectoryUrl, string CaCertificates, string Nameserver, string KeyName, string Secret, string WorkDirectory)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("DirectoryUrl = ").Append(DirectoryUrl).Append(", Nameserver = ").Append(Nameserver).Append(", KeyName = ").Append(KeyName).Append(", Secret = (hidden)");
        return true;
    }
}

/// <summary>One lego process: wall time, CPU (user + system) and peak memory, and its log file.</summary>
internal sealed record LegoRun(string Parent, double WallMs, double CpuSeconds, long MaxRssKb, string LogPath);
