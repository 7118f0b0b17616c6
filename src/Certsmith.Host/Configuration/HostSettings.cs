namespace Certsmith.Host.Configuration;

/// <summary>Section "Certsmith": where things live and where the API listens.</summary>
public sealed class HostSettings
{
    /// <summary>The SQLite database lives here. It holds no readable private key.</summary>
    public string DataDirectory { get; set; } = ".data/data";

    /// <summary>The master key that encrypts every private key; keep it outside the data directory and back it up apart from it.</summary>
    public string MasterKeyFile { get; set; } = ".data/keys/master.key";

    /// <summary>
    /// The master key given directly (base64 of 32 bytes, e.g. from a secret store through the environment
    /// variable Certsmith__MasterKey) instead of the file; never logged.
    /// </summary>
    public string? MasterKey { get; set; }

    /// <summary>The first start writes a platform-admin API token here (readable by its owner only).</summary>
    public string AdminTokenFile { get; set; } = ".data/keys/admin-token";

    /// <summary>The API's URL (the web panel is served at its root); port 0 picks a free port at start.</summary>
    public string ApiUrl { get; set; } = "http://127.0.0.1:0";

    /// <summary>The first start creates a platform admin who signs in to the panel with this e-mail.</summary>
    public string AdminEmail { get; set; } = "admin@certsmith.localhost";

    /// <summary>The first start writes that admin's generated password here (readable by its owner only).</summary>
    public string AdminPasswordFile { get; set; } = ".data/keys/admin-password";

    /// <summary>
    /// Whether the panel's cookies are sent over HTTPS only. Unset: yes, unless the API listens on plain HTTP at a
    /// loopback address (the local run). Behind a TLS-terminating proxy that talks HTTP to the platform, set it to true.
    /// </summary>
    public bool? PanelSecureCookies { get; set; }

    /// <summary>
    /// Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto the API and panel
    /// believe. Needed behind a proxy on another machine, so that sign-in throttling counts each client, not the proxy.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The panel's cookie policy as <see cref="PanelSecureCookies"/> says, or as the API URL implies.</summary>
    public bool PanelCookiesSecure =>
        PanelSecureCookies ?? !(Uri.TryCreate(ApiUrl, UriKind.Absolute, out var api) && api.Scheme == Uri.UriSchemeHttp
            && (api.IsLoopback || (System.Net.IPAddress.TryParse(api.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip))));

    /// <summary>Every problem with these settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("Certsmith:DataDirectory is empty.");
        }
        if (string.IsNullOrWhiteSpace(MasterKeyFile))
        {
            errors.Add("Certsmith:MasterKeyFile is empty.");
        }
        else if (!string.IsNullOrWhiteSpace(DataDirectory) && Path.GetFullPath(MasterKeyFile).StartsWith(Path.GetFullPath(DataDirectory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            errors.Add("Certsmith:MasterKeyFile must lie outside the data directory, so the data directory alone exposes no key.");
        }
        if (!string.IsNullOrEmpty(MasterKey) && !IsBase64Key(MasterKey))
        {
            errors.Add("Certsmith:MasterKey must be the base64 form of 32 bytes.");
        }
        if (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttp && api.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Certsmith:ApiUrl must be an absolute http(s) URL.");
        }
        // The same shape UserService accepts, checked before anything starts (a refusal there would come after the API is up).
        if (string.IsNullOrWhiteSpace(AdminEmail) || AdminEmail.Count(c => c == '@') != 1 || AdminEmail.StartsWith('@') || AdminEmail.EndsWith('@')
            || AdminEmail.Length > 254 || AdminEmail.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add("Certsmith:AdminEmail must be an e-mail address.");
        }
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPNetwork.TryParse(p, out _) && !System.Net.IPAddress.TryParse(p, out _)))
        {
            errors.Add($"Certsmith:TrustedProxies holds '{proxy}', which is neither an IP address nor a CIDR network.");
        }
        if (string.IsNullOrWhiteSpace(AdminPasswordFile))
        {
            errors.Add("Certsmith:AdminPasswordFile is empty.");
        }
        return errors;
    }

    /// <summary>The master key: the given one, or the file's (created on first start).</summary>
    public byte[] LoadMasterKey() =>
        string.IsNullOrEmpty(MasterKey) ? Core.Security.MasterKeyFile.LoadOrCreate(MasterKeyFile) : Convert.FromBase64String(MasterKey);

    private static bool IsBase64Key(string value)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32;
    }
}
