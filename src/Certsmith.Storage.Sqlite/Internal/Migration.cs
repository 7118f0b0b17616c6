using System.Globalization;
using System.Reflection;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>One schema change: the SQL that brings the schema from <c>Version - 1</c> to <see cref="Version"/>.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Certsmith.Storage.Sqlite.Migrations.";

    /// <summary>The migrations shipped in this assembly (Migrations/NNNN_name.sql), in order.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            migrations.Add(new Migration(version, name, Read(assembly, resource)));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        CheckSequence(migrations);
        return migrations;
    }

    /// <summary>Versions must run 1, 2, 3… without gaps or repeats, or a database could skip a step.</summary>
    public static void CheckSequence(IReadOnlyList<Migration> migrations)
    {
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migration {migrations[i].Name} has version {migrations[i].Version}; expected {i + 1}.");
            }
        }
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
