namespace Certsmith.Edge.Sites;

/// <summary>
/// The HTTPS port the edge bound (known once it started, e.g. a port the OS chose), for force-HTTPS redirects.
/// Thread-safe: written once at start, read by every redirect.
/// </summary>
internal sealed class EdgePorts(EdgeOptions options)
{
    private int _https = options.HttpsPort;

    /// <summary>The HTTPS port visitors reach; 443 is left out of redirect URLs.</summary>
    public int Https
    {
        get => Volatile.Read(ref _https) is var port and > 0 ? port : 443;
        set => Volatile.Write(ref _https, value);
    }
}
