using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Certsmith.Bench.Panel;

/// <summary>What a fix would cost: one narrow query in place of a slow call (<see cref="Replaces"/>: the <see cref="DataCall.Key"/> it stands in for).</summary>
internal sealed record Alternative(string Replaces, string Label, double P50Ms, int Rows);

/// <summary>
/// The reads the slow pages would need if the store offered them, as plain SQL on a read-only connection to the same
/// file (the schema of src/Certsmith.Storage.Sqlite/Migrations), each row read into .NET values as the store would.
/// Not the platform's code: a measurement of what paging, narrower columns and joins would buy, to rank the fixes.
/// </summary>
internal static class Alternatives
{
    public static async Task<IReadOnlyList<Alternative>> RunAsync(string databasePath, Population population, int runs, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        var tenant = population.BigTenant.ToString("D");
        var limit = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeMilliseconds();
        var queries = new (string Replaces, string Label, string Sql, (string, object)[] Parameters)[]
        {
            ("banner", "the banner's certificates only: custom, not retired, expiring within 30 days (the tenant index as today; SQLite filters the rest)",
                "SELECT id, names, not_after FROM certificates WHERE tenant_id = $t AND kind = 'Custom' AND state <> 'Retired' AND not_after <= $limit ORDER BY not_after",
                [("$t", tenant), ("$limit", limit)]),
            ("certificates", "the certificates page's columns only (no chain, key or CSR), all rows",
                "SELECT id, kind, names, state, not_after, issuer, last_error, next_attempt_at, created_at FROM certificates WHERE tenant_id = $t ORDER BY created_at, id",
                [("$t", tenant)]),
            ("certificates", "the same, one page of 100",
                "SELECT id, kind, names, state, not_after, issuer, last_error, next_attempt_at, created_at FROM certificates WHERE tenant_id = $t ORDER BY created_at DESC, id LIMIT 100",
                [("$t", tenant)]),
            ("assignedAll", "the addresses assigned to one certificate (index assignments_by_certificate), with their names",
                "SELECT a.id, a.name FROM assignments s JOIN addresses a ON a.id = s.address_id WHERE s.certificate_id = $c",
                [("$c", population.ManagedCertificate.ToString("D"))]),
            ("queue", "the queue joined with each certificate's tenant and names in one query, all rows",
                "SELECT w.id, w.kind, w.due_at, w.attempts, w.lease_owner, w.lease_until, w.last_error, c.id, c.tenant_id, c.names FROM work_items w LEFT JOIN certificates c ON c.id = w.subject_id ORDER BY w.due_at, w.id",
                []),
            ("queue", "the same, one page of 100",
                "SELECT w.id, w.kind, w.due_at, w.attempts, w.lease_owner, w.lease_until, w.last_error, c.id, c.tenant_id, c.names FROM work_items w LEFT JOIN certificates c ON c.id = w.subject_id ORDER BY w.due_at, w.id LIMIT 100",
                []),
            ("queue", "the admin front page's counts only (queued, due)",
                "SELECT COUNT(*), SUM(due_at <= $now) FROM work_items",
                [("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]),
            ("users", "every tenant's users in one query",
                "SELECT tenant_id, email FROM users WHERE disabled_at IS NULL ORDER BY tenant_id, email",
                []),
        };
        var results = new List<Alternative>();
        foreach (var (replaces, label, sql, parameters) in queries)
        {
            var rows = await ReadAsync(connectionString, sql, parameters, cancellationToken);
            var samples = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                await ReadAsync(connectionString, sql, parameters, cancellationToken);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
            results.Add(new Alternative(replaces, label, Stats.Of(samples).P50, rows));
        }
        return results;
    }

    private static async Task<int> ReadAsync(string connectionString, string sql, (string, object)[] parameters, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await using (connection)
        {
            await connection.OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            var rows = 0;
            var reader = await command.ExecuteReaderAsync(cancellationToken);
            await using (reader)
            {
                var values = new object[reader.FieldCount];
                while (await reader.ReadAsync(cancellationToken))
                {
                    reader.GetValues(values);
                    rows++;
                }
            }
            return rows;
        }
    }
}
