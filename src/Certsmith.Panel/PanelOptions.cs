namespace Certsmith.Panel;

/// <summary>How the panel is served.</summary>
public sealed class PanelOptions
{
    /// <summary>
    /// Whether the session and antiforgery cookies are sent over HTTPS only. On in production (the panel is served
    /// behind TLS); the zero-configuration local run serves it on plain HTTP at 127.0.0.1 and turns it off.
    /// </summary>
    public bool SecureCookies { get; set; } = true;
}
