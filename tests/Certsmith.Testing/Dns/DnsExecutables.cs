namespace Certsmith.Testing.Dns;

/// <summary>
/// Finds the DNS servers' programs: on PATH, else in /usr/sbin, where Debian puts knotd, knotc and unbound (often
/// not on a user's PATH).
/// </summary>
internal static class DnsExecutables
{
    private const string SystemDirectory = "/usr/sbin";

    public static string Knotd { get; } = Find("knotd");

    public static string Knotc { get; } = Find("knotc");

    public static string Unbound { get; } = Find("unbound");

    private static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Append(SystemDirectory))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // Let the start fail with the plain name, so the error says what is missing (test.sh installs Debian's
        // knot and unbound).
        return name;
    }
}
