namespace Certsmith.Testing.Dns;

/// <summary>One knotd's own directory: its configuration, run directory (control socket), database and zone files.</summary>
internal sealed class KnotDirectories
{
    public KnotDirectories(string root)
    {
        Root = root;
        Directory.CreateDirectory(Run);
        Directory.CreateDirectory(Database);
        Directory.CreateDirectory(Zones);
    }

    public string Root { get; }

    public string Config => Path.Combine(Root, "knot.conf");

    public string Run => Path.Combine(Root, "run");

    public string Database => Path.Combine(Root, "db");

    public string Zones => Path.Combine(Root, "zones");

    /// <summary>Knot's default zone file name under the template's storage: <c>%s.zone</c>.</summary>
    public string ZoneFile(string zone) => Path.Combine(Zones, zone + ".zone");
}
