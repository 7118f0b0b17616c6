using Certsmith.Host;

// The server program: `./run.sh` starts it with no configuration (SQLite under .data/, a local Pebble on
// loopback); appsettings.json, environment variables (e.g. Acme__DirectoryUrl) and the command line
// (e.g. --Acme:DirectoryUrl=...) configure it for production.
using var stop = new CancellationTokenSource();
try
{
    await using var platform = await CertsmithPlatform.StartAsync(args, configure: null, stop.Token);
    await CliEnvironment.WriteAsync(platform);
    await platform.WaitForShutdownAsync();
    return 0;
}
catch (InvalidOperationException e) when (e.Message.StartsWith("Invalid configuration", StringComparison.Ordinal))
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
