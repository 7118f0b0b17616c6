using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// The server program as its own process (`dotnet certsmith-server.dll`, as ./run.sh starts it), so a test can
/// kill it for real and start it again over the same data directory.
/// </summary>
internal sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PlatformProcess(Process process, string workDirectory)
    {
        _process = process;
        WorkDirectory = workDirectory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string WorkDirectory { get; }

    public HttpClient Api { get; private set; } = null!;

    public int EdgeHttpsPort { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server in <paramref name="workDirectory"/> (it writes .data/ there) and waits until it serves.</summary>
    public static async Task<PlatformProcess> StartAsync(string workDirectory, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var cliEnv = Path.Combine(workDirectory, ".data", "cli.env");
        if (File.Exists(cliEnv))
        {
            File.Delete(cliEnv);
        }
        var server = Path.Combine(AppContext.BaseDirectory, "certsmith-server.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(server);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var platform = new PlatformProcess(Process.Start(info)!, workDirectory);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(cliEnv) && DateTime.UtcNow < deadline && !platform.HasExited)
        {
            await Task.Delay(50);
        }
        Assert.True(File.Exists(cliEnv), $"the server did not start:\n{platform.Output}");
        Dictionary<string, string> values = [];
        while (!values.ContainsKey("CERTSMITH_EDGE_HTTPS_PORT") && DateTime.UtcNow < deadline)
        {
            // The file may be caught half-written: read until every line is there.
            values = (await File.ReadAllLinesAsync(cliEnv)).Where(l => l.StartsWith("export ", StringComparison.Ordinal))
                .Select(l => l["export ".Length..].Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        }
        var token = (await File.ReadAllTextAsync(Path.Combine(workDirectory, ".data", "keys", "admin-token"))).Trim();
        platform.Api = new HttpClient { BaseAddress = new Uri(values["CERTSMITH_URL"]), Timeout = TimeSpan.FromSeconds(30) };
        platform.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        platform.EdgeHttpsPort = int.Parse(values["CERTSMITH_EDGE_HTTPS_PORT"], System.Globalization.CultureInfo.InvariantCulture);
        return platform;
    }

    public Task<JsonObject> PostAsync(string path, object body) => Api.PostJsonAsync(path, body);

    public Task<JsonNode> GetAsync(string path) => Api.GetJsonAsync(path);

    /// <summary>Waits until the process has exited by itself (killed at a fault point).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
