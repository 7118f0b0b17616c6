using System.Globalization;
using System.Text;

namespace Certsmith.Testing.Dns;

/// <summary>
/// Knot 3.2's configuration and zone files for one <see cref="KnotServer"/> (knot.conf(5); 3.2 spells the
/// secondary's source <c>master:</c>, later versions <c>primary:</c>).
/// </summary>
internal static class KnotConfig
{
    /// <summary>Records' default TTL; short, as on a platform that changes DNS-01 answers often.</summary>
    public const int DefaultTtl = 60;

    /// <summary>
    /// SOA timers: refresh 1 s (Knot clamps it to its 2 s minimum, so a secondary that missed a NOTIFY catches up
    /// within 2 s), retry 1 s, expire a day (a secondary never drops a zone during a test), negative TTL 1 s.
    /// </summary>
    private const string SoaTimers = "1 1 86400 1";

    private const string TransferAcl = "transfer-from-loopback";
    private const string NotifyAcl = "notify-from-loopback";

    public static string Primary(KnotOptions options, KnotDirectories directories, int port, int? secondaryPort)
    {
        var text = new StringBuilder();
        Server(text, directories, port);
        Keys(text, options.Keys);
        if (secondaryPort is { } secondary)
        {
            text.Append("remote:\n  - id: secondary\n    address: 127.0.0.1@").Append(Number(secondary)).Append('\n');
        }

        text.Append("acl:\n  - id: ").Append(TransferAcl).Append("\n    address: 127.0.0.1\n    action: transfer\n");
        foreach (var key in options.Keys)
        {
            text.Append("  - id: ").Append(UpdateAcl(key.Name)).Append("\n    key: ").Append(key.Name).Append("\n    action: update\n");
        }

        // zonefile-sync -1: the zone file is written once, here; updates live in the journal (served as IXFR).
        Template(text, directories, zonefileLoad: "whole");
        text.Append("zone:\n");
        foreach (var zone in options.Zones)
        {
            var acls = new[] { TransferAcl }.Concat(zone.UpdateKeys.Select(UpdateAcl));
            text.Append("  - domain: ").Append(zone.Name).Append('\n');
            text.Append("    acl: [").Append(string.Join(", ", acls)).Append("]\n");
            if (secondaryPort is not null)
            {
                text.Append("    notify: secondary\n");
            }
        }

        return text.ToString();
    }

    public static string Secondary(KnotOptions options, KnotDirectories directories, int port, int primaryPort)
    {
        var text = new StringBuilder();
        Server(text, directories, port);
        Keys(text, options.Keys);
        text.Append("remote:\n  - id: primary\n    address: 127.0.0.1@").Append(Number(primaryPort)).Append('\n');
        text.Append("acl:\n  - id: ").Append(NotifyAcl).Append("\n    address: 127.0.0.1\n    action: notify\n");
        Template(text, directories, zonefileLoad: "none");
        text.Append("zone:\n");
        foreach (var zone in options.Zones)
        {
            text.Append("  - domain: ").Append(zone.Name).Append("\n    master: primary\n    acl: [").Append(NotifyAcl).Append("]\n");
        }

        return text.ToString();
    }

    /// <summary>The primary's zone file: SOA, NS (ns1, and ns2 with a secondary), their addresses, then the zone's own lines.</summary>
    public static string ZoneFile(KnotZone zone, bool withSecondary)
    {
        var text = new StringBuilder();
        text.Append("$ORIGIN ").Append(zone.Name).Append(".\n");
        text.Append("$TTL ").Append(Number(DefaultTtl)).Append('\n');
        text.Append("@ SOA ns1.").Append(zone.Name).Append(". hostmaster.").Append(zone.Name).Append(". 1 ").Append(SoaTimers).Append('\n');
        text.Append("@ NS ns1.").Append(zone.Name).Append(".\n");
        text.Append("ns1 A 127.0.0.1\n");
        if (withSecondary)
        {
            text.Append("@ NS ns2.").Append(zone.Name).Append(".\n");
            text.Append("ns2 A 127.0.0.1\n");
        }

        foreach (var line in zone.Records)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static void Server(StringBuilder text, KnotDirectories directories, int port)
    {
        text.Append("server:\n");
        text.Append("    listen: 127.0.0.1@").Append(Number(port)).Append('\n');
        text.Append("    rundir: ").Append(directories.Run).Append('\n');
        text.Append("log:\n  - target: stderr\n    any: info\n");
        text.Append("database:\n    storage: ").Append(directories.Database).Append('\n');
    }

    private static void Keys(StringBuilder text, IReadOnlyList<KnotTsigKey> keys)
    {
        if (keys.Count == 0)
        {
            return;
        }

        text.Append("key:\n");
        foreach (var key in keys)
        {
            text.Append("  - id: ").Append(key.Name).Append("\n    algorithm: ").Append(key.Algorithm)
                .Append("\n    secret: ").Append(key.Secret).Append('\n');
        }
    }

    private static void Template(StringBuilder text, KnotDirectories directories, string zonefileLoad)
    {
        text.Append("template:\n  - id: default\n");
        text.Append("    storage: ").Append(directories.Zones).Append('\n');
        text.Append("    zonefile-sync: -1\n");
        text.Append("    zonefile-load: ").Append(zonefileLoad).Append('\n');
        text.Append("    journal-content: changes\n");
    }

    private static string UpdateAcl(string keyName) => "update-by-" + keyName;

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
