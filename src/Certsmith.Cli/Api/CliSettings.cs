using System.Text.Json;

namespace Certsmith.Cli.Api;

/// <summary>
/// Where the API is and which token to use: <c>--url</c>/<c>--token</c>/<c>--tenant</c>, else the environment
/// (<c>CERTSMITH_URL</c>, <c>CERTSMITH_TOKEN</c>, <c>CERTSMITH_TENANT</c>), else the config file
/// (<c>~/.config/certsmith/config.json</c>: <c>{"url": ..., "token": ..., "tenant": ...}</c>).
/// </summary>
internal sealed record CliSettings(Uri Url, string? Token, string? Tenant)
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);

    public static string DefaultConfigPath =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "certsmith", "config.json");

    public static CliSettings Resolve(string? url, string? token, string? tenant, string? configPath)
    {
        var file = ReadConfig(configPath ?? DefaultConfigPath, explicitPath: configPath is not null);
        var rawUrl = url ?? Env("CERTSMITH_URL") ?? file?.Url ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(rawUrl.EndsWith('/') ? rawUrl : rawUrl + "/", UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw new ApiException($"the API URL \"{rawUrl}\" is not an absolute http:// or https:// URL");
        }
        return new CliSettings(parsed, token ?? Env("CERTSMITH_TOKEN") ?? file?.Token, tenant ?? Env("CERTSMITH_TENANT") ?? file?.Tenant);
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static ConfigFile? ReadConfig(string path, bool explicitPath)
    {
        if (!File.Exists(path))
        {
            return explicitPath ? throw new ApiException($"the config file {path} does not exist") : null;
        }
        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path), ConfigJson);
        }
        catch (JsonException e)
        {
            throw new ApiException($"the config file {path} is not valid JSON: {e.Message}", e);
        }
    }

    private sealed record ConfigFile(string? Url, string? Token, string? Tenant);
}
