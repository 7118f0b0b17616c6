namespace Certsmith.Host;

/// <summary>
/// For the local run: writes <c>.data/cli.env</c>, which a shell sources to point the <c>certsmith</c> CLI at
/// this platform (API URL and the admin token's file — never the token itself), and prints what to do next.
/// </summary>
internal static class CliEnvironment
{
    public static async Task WriteAsync(CertsmithPlatform platform)
    {
        var tokenFile = Path.GetFullPath(platform.AdminTokenFile);
        var path = Path.GetFullPath(".data/cli.env");
        var lines = new[]
        {
            "# Written by certsmith-server at start: `source .data/cli.env` to use the CLI against it.",
            $"export CERTSMITH_URL={platform.ApiUri.ToString().TrimEnd('/')}",
            $"export CERTSMITH_TOKEN=\"$(cat '{tokenFile}')\"",
            $"export CERTSMITH_EDGE_HTTP_PORT={platform.EdgeHttpPort}",
            $"export CERTSMITH_EDGE_HTTPS_PORT={platform.EdgeHttpsPort}",
        };
        var list = new List<string>(lines);
        if (platform.LocalCa is { } ca)
        {
            var roots = Path.GetFullPath(".data/local-ca-root.pem");
            using (var root = await ca.GetRootAsync(0, CancellationToken.None).ConfigureAwait(false))
            {
                await File.WriteAllTextAsync(roots, root.ExportCertificatePem()).ConfigureAwait(false);
            }
            list.Add($"export CERTSMITH_CA_ROOT={roots}");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, list).ConfigureAwait(false);
        await Console.Out.WriteLineAsync($"""

            Certsmith is running.
              API:            {platform.ApiUri}
              sites (HTTP):   127.0.0.1:{platform.EdgeHttpPort}
              sites (HTTPS):  127.0.0.1:{platform.EdgeHttpsPort}
              CA:             {platform.CaDirectory}
            In another shell:  source .data/cli.env   (then use the certsmith CLI; see README.md)
            Stop with Ctrl+C.
            """).ConfigureAwait(false);
    }
}
