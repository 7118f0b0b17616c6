namespace Certsmith.Panel;

/// <summary>The panel's names: its authentication scheme, its authorization policy, its cookies.</summary>
public static class PanelDefaults
{
    /// <summary>The session-cookie authentication scheme (the API's bearer tokens are a scheme of their own).</summary>
    public const string Scheme = "CertsmithPanel";

    /// <summary>The authorization policy every panel page but the sign-in page requires: a signed-in, active user.</summary>
    public const string Policy = "CertsmithPanelUser";

    /// <summary>The session cookie.</summary>
    public const string SessionCookie = "certsmith-session";

    /// <summary>The antiforgery cookie (its token is also in every form).</summary>
    public const string AntiforgeryCookie = "certsmith-csrf";

    /// <summary>How long a session lasts without use (sliding).</summary>
    public static readonly TimeSpan SessionIdleTimeout = TimeSpan.FromHours(8);

    /// <summary>
    /// How long a session lasts however busy it is, counted from signing in: the idle timeout slides with every request,
    /// so without this a stolen cookie kept in use, or a tab left polling, would stay signed in for ever. A day lets
    /// a working day pass without signing in again.
    /// </summary>
    public static readonly TimeSpan SessionAbsoluteLifetime = TimeSpan.FromHours(24);
}
