using System.Globalization;

namespace Certsmith.Bench.Issuance;

/// <summary>"--name value" pairs from the command line.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' at '{args[i]}'.", nameof(args));
            }
            options._values[args[i][2..]] = args[++i];
        }
        return options;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.", nameof(name));

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;
}
