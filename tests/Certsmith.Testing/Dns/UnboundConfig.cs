using System.Globalization;
using System.Net;
using System.Text;

namespace Certsmith.Testing.Dns;

/// <summary>unbound.conf(5) (Unbound 1.17) for one <see cref="UnboundServer"/>.</summary>
internal static class UnboundConfig
{
    /// <summary>
    /// Every address but 127.0.0.0/8: Unbound may ask only the authoritative server on loopback. A CNAME out of the
    /// zones would otherwise send Unbound to the root servers, and on a machine with internet access the answer
    /// would wait on them; with every root address blocked it fails with SERVFAIL at once.
    /// </summary>
    private static readonly string[] OffLoopback =
    [
        "0.0.0.0/2", "64.0.0.0/3", "96.0.0.0/4", "112.0.0.0/5", "120.0.0.0/6", "124.0.0.0/7", "126.0.0.0/8", "128.0.0.0/1", "::/0",
    ];

    /// <summary>The configuration: listen on 127.0.0.1:<paramref name="port"/>, resolve <paramref name="zones"/> at <paramref name="authoritative"/>, cache nothing.</summary>
    public static string Render(string directory, int port, IPEndPoint authoritative, IReadOnlyList<string> zones)
    {
        var text = new StringBuilder();
        Line(text, "server:");

        // One thread (the machine has two cores, shared with Pebble and Knot); SO_REUSEPORT off so that a port
        // another process holds fails the bind ("address already in use") instead of being shared.
        Line(text, "  interface: 127.0.0.1");
        Line(text, $"  port: {Number(port)}");
        Line(text, "  do-ip4: yes");
        Line(text, "  do-ip6: no");
        Line(text, "  do-udp: yes");
        Line(text, "  do-tcp: yes");
        Line(text, "  so-reuseport: no");
        Line(text, "  num-threads: 1");
        Line(text, "  access-control: 127.0.0.0/8 allow");

        // Unbound's queries to Knot leave from random ports; keep them out of the kernel's ephemeral range, where
        // LoopbackPorts picks the ports of the next server a test starts.
        Line(text, "  outgoing-port-avoid: 32768-65535");

        // Foreground, as the current user, everything in the temporary directory, the log on stderr.
        Line(text, "  username: \"\"");
        Line(text, "  chroot: \"\"");
        Line(text, $"  directory: \"{directory}\"");
        Line(text, $"  pidfile: \"{Path.Combine(directory, "unbound.pid")}\"");
        Line(text, "  use-syslog: no");
        Line(text, "  logfile: \"\"");
        Line(text, "  log-time-ascii: yes");
        Line(text, "  verbosity: 1");

        // One line per answer and the reason for each SERVFAIL, for test failure messages.
        Line(text, "  log-replies: yes");
        Line(text, "  log-servfail: yes");

        // The test zones are unsigned: no DNSSEC validation, and nothing that guesses from cached NSEC.
        Line(text, "  module-config: \"iterator\"");
        Line(text, "  aggressive-nsec: no");
        Line(text, "  qname-minimisation: no");
        Line(text, "  harden-referral-path: no");

        // Tests add and remove TXT records and expect the very next answer to show it: nothing is cached, positive
        // or negative, nothing is refreshed early or served stale. Host timings live a second, so a Knot that was
        // slow once is not avoided for 15 minutes.
        Line(text, "  cache-min-ttl: 0");
        Line(text, "  cache-max-ttl: 0");
        Line(text, "  cache-max-negative-ttl: 0");
        Line(text, "  prefetch: no");
        Line(text, "  serve-expired: no");
        Line(text, "  infra-host-ttl: 1");
        Line(text, "  infra-keep-probing: yes");

        // Knot is on loopback, which Unbound does not query by default; nothing else may be queried.
        Line(text, "  do-not-query-localhost: no");
        foreach (var block in OffLoopback)
        {
            Line(text, $"  do-not-query-address: {block}");
        }

        // A name outside the zones is REFUSED without any query. The zones themselves are transparent (resolved
        // normally), which also lifts the built-in "test." zone (RFC 6761) that would answer NXDOMAIN for them;
        // "test." itself is dropped so its other names are REFUSED like every name outside the zones.
        Line(text, "  local-zone: \".\" refuse");
        if (!zones.Contains("test", StringComparer.OrdinalIgnoreCase))
        {
            Line(text, "  local-zone: \"test.\" nodefault");
        }

        foreach (var zone in zones)
        {
            Line(text, $"  local-zone: \"{zone}.\" transparent");
            Line(text, $"  domain-insecure: \"{zone}.\"");
        }

        Line(text, "remote-control:");
        Line(text, "  control-enable: no");

        // A stub per zone: Unbound asks Knot directly, as it would ask a zone's delegated servers, and chases a
        // CNAME from one zone into another itself, as Let's Encrypt's resolver does.
        foreach (var zone in zones)
        {
            Line(text, "stub-zone:");
            Line(text, $"  name: \"{zone}.\"");
            Line(text, $"  stub-addr: {authoritative.Address}@{Number(authoritative.Port)}");
            Line(text, "  stub-no-cache: yes");
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
