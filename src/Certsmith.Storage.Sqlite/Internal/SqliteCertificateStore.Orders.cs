using Certsmith.Core.Certificates;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>ACME orders, stored step by step so that a restart resumes them.</summary>
internal sealed partial class SqliteCertificateStore
{
    private const string OrderColumns = "id, certificate_id, stage, order_url, challenge_type, protected_key, error, created_at, updated_at";

    // Newest first; rowid breaks ties between orders created in the same millisecond (an upsert keeps it).
    private const string NewestFirst = "ORDER BY created_at DESC, rowid DESC";

    public Task SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken) =>
        database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, $"""
            INSERT INTO orders ({OrderColumns}) VALUES ($id, $certificate, $stage, $url, $challenge, $key, $error, $created, $updated)
            ON CONFLICT (id) DO UPDATE SET stage = excluded.stage, order_url = excluded.order_url, challenge_type = excluded.challenge_type,
                protected_key = excluded.protected_key, error = excluded.error, updated_at = excluded.updated_at
            """, cancellationToken,
            ("$id", order.Id), ("$certificate", order.CertificateId), ("$stage", order.Stage), ("$url", order.OrderUrl),
            ("$challenge", order.ChallengeType), ("$key", order.ProtectedKey), ("$error", order.Error),
            ("$created", order.CreatedAt), ("$updated", order.UpdatedAt)), cancellationToken);

    public Task<OrderRecord?> GetOpenOrderAsync(Guid certificateId, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"""
            SELECT {OrderColumns} FROM orders WHERE certificate_id = $certificate AND stage NOT IN ('Completed', 'Failed') {NewestFirst} LIMIT 1
            """, ReadOrder, cancellationToken, ("$certificate", certificateId)), cancellationToken);

    public async Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(Guid certificateId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {OrderColumns} FROM orders WHERE certificate_id = $certificate {NewestFirst}",
            ReadOrder, cancellationToken, ("$certificate", certificateId)), cancellationToken).ConfigureAwait(false);

    private static OrderRecord ReadOrder(SqliteDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetEnum<OrderStage>(2), r.GetUriOrNull(3), r.GetString(4), r.GetBytesOrNull(5),
            r.GetStringOrNull(6), r.GetTime(7), r.GetTime(8));
}
