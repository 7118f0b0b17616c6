using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>
/// The platform-wide counters of the <c>counters</c> table, always bumped inside the transaction of the
/// change they count, so a rolled-back change consumes no value and a reader never sees a stamp without its change.
/// </summary>
internal static class Counters
{
    /// <summary>The order in which addresses were added (the policy follows it, not the clock).</summary>
    public const string AddressSequence = "address_sequence";

    /// <summary>Grows with every change to certificates, assignments, addresses or site settings (the edge reloads when it moves; see <see cref="ChangeLog"/>).</summary>
    public const string ChangeStamp = "change_stamp";

    public static async Task<long> NextAsync(SqliteConnection connection, SqliteTransaction transaction, string counter, CancellationToken cancellationToken)
    {
        var value = await Sql.ScalarAsync(connection, transaction, "UPDATE counters SET value = value + 1 WHERE name = $name RETURNING value",
            cancellationToken, ("$name", counter)).ConfigureAwait(false);
        return value as long? ?? throw new InvalidOperationException($"The counter {counter} is missing; was the store migrated?");
    }

    public static async Task<long> ReadAsync(SqliteConnection connection, string counter, CancellationToken cancellationToken)
    {
        var value = await Sql.ScalarAsync(connection, null, "SELECT value FROM counters WHERE name = $name", cancellationToken, ("$name", counter)).ConfigureAwait(false);
        return value as long? ?? throw new InvalidOperationException($"The counter {counter} is missing; was the store migrated?");
    }
}
