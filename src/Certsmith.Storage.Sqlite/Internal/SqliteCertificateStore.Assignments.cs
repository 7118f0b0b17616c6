using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>Assignments: which managed certificate the policy chose for an address.</summary>
internal sealed partial class SqliteCertificateStore
{
    private const string AssignmentColumns = "address_id, certificate_id, reason, assigned_at, waiting_for";

    public Task AssignAsync(Assignment assignment, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var owners = await Sql.QuerySingleAsync(c, t,
                "SELECT a.tenant_id, c.tenant_id FROM addresses a, certificates c WHERE a.id = $address AND c.id = $certificate",
                r => Tuple.Create(r.GetId(0), r.GetId(1)), cancellationToken,
                ("$address", assignment.AddressId), ("$certificate", assignment.CertificateId)).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"There is no address {assignment.AddressId} or no certificate {assignment.CertificateId}.");
            if (owners.Item1 != owners.Item2)
            {
                // DESIGN.md: names of two tenants never share a certificate.
                throw new StoreConflictException("that certificate belongs to another tenant");
            }
            await Sql.ExecuteAsync(c, t, $"""
                INSERT INTO assignments ({AssignmentColumns}) VALUES ($address, $certificate, $reason, $at, $waitingFor)
                ON CONFLICT (address_id) DO UPDATE SET certificate_id = excluded.certificate_id, reason = excluded.reason, assigned_at = excluded.assigned_at,
                    waiting_for = excluded.waiting_for
                """, cancellationToken,
                ("$address", assignment.AddressId), ("$certificate", assignment.CertificateId), ("$reason", assignment.Reason), ("$at", assignment.AssignedAt), ("$waitingFor", assignment.WaitingFor)).ConfigureAwait(false);
            return await ChangeLog.RecordAsync(c, t, ChangeLog.Address, cancellationToken, assignment.AddressId).ConfigureAwait(false);
        }, cancellationToken);

    public Task<Assignment?> GetAssignmentAsync(Guid addressId, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {AssignmentColumns} FROM assignments WHERE address_id = $address", ReadAssignment, cancellationToken,
            ("$address", addressId)), cancellationToken);

    public async Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(Guid? certificateId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {AssignmentColumns} FROM assignments WHERE $certificate IS NULL OR certificate_id = $certificate ORDER BY assigned_at, address_id
            """, ReadAssignment, cancellationToken, ("$certificate", certificateId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> IsUsedAsync(Guid certificateId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.ScalarAsync(c, null, """
            SELECT EXISTS (SELECT 1 FROM assignments WHERE certificate_id = $id) OR EXISTS (SELECT 1 FROM assignments WHERE waiting_for = $id)
            """, cancellationToken, ("$id", certificateId)), cancellationToken).ConfigureAwait(false) is long and not 0;

    public async Task<IReadOnlyList<Assignment>> ListWaitingAssignmentsAsync(Guid wildcardId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"""
            SELECT {AssignmentColumns} FROM assignments WHERE waiting_for = $wildcard ORDER BY assigned_at, address_id
            """, ReadAssignment, cancellationToken, ("$wildcard", wildcardId)), cancellationToken).ConfigureAwait(false);

    private static Assignment ReadAssignment(SqliteDataReader r) => new(r.GetId(0), r.GetId(1), r.GetString(2), r.GetTime(3), r.IsDBNull(4) ? null : r.GetId(4));
}
