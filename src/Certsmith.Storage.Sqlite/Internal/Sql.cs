using System.Diagnostics.CodeAnalysis;
using Certsmith.Core.Names;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// Commands with named parameters, and how model values become SQLite values. Times are stored as unix
/// milliseconds (INTEGER, UTC): they compare and sort as numbers in SQL (due times, leases, expiry) and
/// round-trip a <see cref="DateTimeOffset"/> exactly to the millisecond (finer ticks and the offset are
/// dropped; the value read back is UTC). Ids are lower-case "D" text, enums their names, names their
/// <see cref="DnsName.Value"/>, byte arrays BLOBs.
/// </summary>
internal static class Sql
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.</summary>
    private const int UniqueViolation = 2067;
    private const int PrimaryKeyViolation = 1555;

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities", Justification = "Every caller passes a constant; values go in parameters.")]
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string text, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, ToDb(value));
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> QueryAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string text, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, text, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
            return rows;
        }
    }

    public static async Task<T?> QuerySingleAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string text, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        var rows = await QueryAsync(connection, transaction, text, map, cancellationToken, parameters).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Whether a write broke a UNIQUE or PRIMARY KEY constraint.</summary>
    public static bool IsUniqueViolation(this SqliteException exception) =>
        exception.SqliteExtendedErrorCode is UniqueViolation or PrimaryKeyViolation;

    public static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        Guid id => Id(id),
        DateTimeOffset time => Time(time),
        TimeSpan span => (long)span.TotalMilliseconds,
        DnsName name => name.Value,
        Uri uri => uri.OriginalString,
        bool flag => flag ? 1L : 0L,
        Enum e => e.ToString(),
        _ => value,
    };

    public static string Id(Guid id) => id.ToString("D");

    public static long Time(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static Guid GetId(this SqliteDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public static Guid? GetIdOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetId(ordinal);

    public static DateTimeOffset GetTime(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetTimeOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTime(ordinal);

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static byte[]? GetBytesOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    public static Uri? GetUriOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new Uri(reader.GetString(ordinal), UriKind.RelativeOrAbsolute);

    public static T GetEnum<T>(this SqliteDataReader reader, int ordinal)
        where T : struct, Enum => Enum.Parse<T>(reader.GetString(ordinal));

    public static DnsName GetDnsName(this SqliteDataReader reader, int ordinal) => StoredName(reader.GetString(ordinal));

    /// <summary>A stored name back as a value: <c>*.</c> names are wildcards.</summary>
    public static DnsName StoredName(string value) =>
        value.StartsWith("*.", StringComparison.Ordinal) ? DnsName.ParseWildcard(value) : DnsName.Parse(value);
}
