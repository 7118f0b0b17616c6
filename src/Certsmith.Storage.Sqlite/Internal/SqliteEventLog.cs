using Certsmith.Core.Events;
using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>The append-only history in SQLite; ids come from AUTOINCREMENT, so they only grow.</summary>
internal sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    private const string Columns = "id, tenant_id, certificate_id, address_id, at, kind, message";

    public Task AppendAsync(PlatformEvent platformEvent, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
            "INSERT INTO events (tenant_id, certificate_id, address_id, at, kind, message) VALUES ($tenant, $certificate, $address, $at, $kind, $message)",
            cancellationToken, ("$tenant", platformEvent.TenantId), ("$certificate", platformEvent.CertificateId), ("$address", platformEvent.AddressId),
            ("$at", platformEvent.At), ("$kind", platformEvent.Kind), ("$message", platformEvent.Message)), cancellationToken);

    /// <summary>
    /// Events of the certificate or of the address (either given one matches: an address's history includes
    /// its certificate's), every event when both are null; the <paramref name="max"/> newest, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<PlatformEvent>> ListAsync(Guid? certificateId, Guid? addressId, int max, CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            return [];
        }
        var newestFirst = await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {Columns} FROM events
            WHERE ($certificate IS NULL AND $address IS NULL) OR certificate_id = $certificate OR address_id = $address
            ORDER BY id DESC LIMIT $max
            """, Read, cancellationToken, ("$certificate", certificateId), ("$address", addressId), ("$max", max)), cancellationToken).ConfigureAwait(false);
        newestFirst.Reverse();
        return newestFirst;
    }

    private static PlatformEvent Read(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetId(1), r.GetIdOrNull(2), r.GetIdOrNull(3), r.GetTime(4), r.GetString(5), r.GetString(6));
}
