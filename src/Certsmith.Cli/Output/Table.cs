using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Certsmith.Cli.Output;

/// <summary>Plain aligned text tables and key/value blocks for people; <c>--json</c> is for programs.</summary>
internal static class Table
{
    public static string Render(JsonNode list, params (string Header, Func<JsonNode, string?> Value)[] columns)
    {
        var rows = list.AsArray().Select(item => columns.Select(c => c.Value(item!) ?? "-").ToArray()).ToList();
        if (rows.Count == 0)
        {
            return "(none)";
        }
        var widths = columns.Select((c, i) => Math.Max(c.Header.Length, rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(columns.Select(c => c.Header.ToUpperInvariant()).ToArray(), widths));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row, widths));
        }
        return text.ToString().TrimEnd();
    }

    public static string Fields(params (string Name, string? Value)[] fields)
    {
        var width = fields.Max(f => f.Name.Length) + 1;
        return string.Join(Environment.NewLine, fields.Select(f => (f.Name + ":").PadRight(width) + " " + (f.Value ?? "-")));
    }

    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => string.Join(", ", array.Select(Text)),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    /// <summary>A timestamp as UTC, second precision.</summary>
    public static string? Time(JsonNode? node) =>
        Text(node) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : Text(node);

    private static string Line(string[] cells, int[] widths) => string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();
}
