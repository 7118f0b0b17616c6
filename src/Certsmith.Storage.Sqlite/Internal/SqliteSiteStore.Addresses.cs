using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>Addresses: platform-unique names while they live, numbered by one platform-wide sequence.</summary>
internal sealed partial class SqliteSiteStore
{
    private const string AddressColumns = "id, site_id, tenant_id, name, sequence, created_at, custom_certificate_id";

    public async Task<SiteAddress> AddAddressAsync(Guid siteId, Guid tenantId, DnsName name, Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (name.IsWildcard)
        {
            throw new ArgumentException("An address is a host name, not a wildcard.", nameof(name));
        }
        try
        {
            return await database.WriteAsync(async (c, t) =>
            {
                var owner = await Sql.ScalarAsync(c, t, "SELECT tenant_id FROM sites WHERE id = $site", cancellationToken, ("$site", siteId)).ConfigureAwait(false);
                if (owner is not string ownerId || Guid.Parse(ownerId) != tenantId)
                {
                    throw new InvalidOperationException($"The tenant {tenantId} has no site {siteId}.");
                }
                // Taken in this transaction: a refused address rolls back and consumes no number.
                var sequence = await Counters.NextAsync(c, t, Counters.AddressSequence, cancellationToken).ConfigureAwait(false);
                await Sql.ExecuteAsync(c, t, "INSERT INTO addresses (id, site_id, tenant_id, name, sequence, created_at, parent) VALUES ($id, $site, $tenant, $name, $seq, $at, $parent)", cancellationToken,
                    ("$id", id), ("$site", siteId), ("$tenant", tenantId), ("$name", name), ("$seq", sequence), ("$at", at), ("$parent", name.Parent?.Value)).ConfigureAwait(false);
                await ChangeLog.RecordAsync(c, t, ChangeLog.Address, cancellationToken, id).ConfigureAwait(false);
                return new SiteAddress(id, siteId, tenantId, name, sequence, DateTimeOffset.FromUnixTimeMilliseconds(Sql.Time(at)));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            // Never says whose address it is.
            throw new StoreConflictException("that address is already in use", e);
        }
    }

    public async Task<int> CountChildrenAsync(Guid tenantId, DnsName parent, long upToSequence, CancellationToken cancellationToken) =>
        Convert.ToInt32(await database.ReadAsync(c => Sql.ScalarAsync(c, null,
            "SELECT count(*) FROM addresses WHERE tenant_id = $tenant AND parent = $parent AND sequence <= $seq", cancellationToken,
            ("$tenant", tenantId), ("$parent", parent.Value), ("$seq", upToSequence)), cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<SiteAddress>> ListChildrenAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {AddressColumns} FROM addresses WHERE tenant_id = $tenant AND parent = $parent ORDER BY sequence",
            ReadAddress, cancellationToken, ("$tenant", tenantId), ("$parent", parent.Value)), cancellationToken).ConfigureAwait(false);

    public Task<bool> RemoveAddressAsync(Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var dropped = await Sql.ExecuteAsync(c, t, "DELETE FROM assignments WHERE address_id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
            var removed = await Sql.ExecuteAsync(c, t, "DELETE FROM addresses WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) > 0;
            if (dropped > 0 || removed)
            {
                await ChangeLog.RecordAsync(c, t, ChangeLog.Address, cancellationToken, id).ConfigureAwait(false);
            }
            return removed;
        }, cancellationToken);

    public Task<SiteAddress?> GetAddressAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {AddressColumns} FROM addresses WHERE id = $id", ReadAddress, cancellationToken, ("$id", id)), cancellationToken);

    public Task<SiteAddress?> FindAddressAsync(DnsName name, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {AddressColumns} FROM addresses WHERE name = $name", ReadAddress, cancellationToken, ("$name", name)), cancellationToken);

    public async Task<IReadOnlyList<SiteAddress>> ListAddressesAsync(Guid siteId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {AddressColumns} FROM addresses WHERE site_id = $site ORDER BY sequence", ReadAddress, cancellationToken,
            ("$site", siteId)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SiteAddress>> ListAllAddressesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null, $"SELECT {AddressColumns} FROM addresses WHERE $tenant IS NULL OR tenant_id = $tenant ORDER BY sequence", ReadAddress, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SiteAddress>> ListAttachedAddressesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {AddressColumns} FROM addresses WHERE tenant_id = $tenant AND custom_certificate_id IS NOT NULL ORDER BY sequence", ReadAddress, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    private static SiteAddress ReadAddress(SqliteDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetId(2), r.GetDnsName(3), r.GetInt64(4), r.GetTime(5)) { CustomCertificateId = r.IsDBNull(6) ? null : r.GetId(6) };

    public Task<int> DetachCustomCertificateAsync(Guid certificateId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var stamp = await ChangeLog.RecordAsync(c, t, ChangeLog.Certificate, cancellationToken, certificateId).ConfigureAwait(false);
            await ChangeLog.LogSelectedAsync(c, t, stamp, ChangeLog.Address, "SELECT id FROM addresses WHERE custom_certificate_id = $id", cancellationToken, ("$id", certificateId)).ConfigureAwait(false);
            return await Sql.ExecuteAsync(c, t, "UPDATE addresses SET custom_certificate_id = NULL WHERE custom_certificate_id = $id", cancellationToken, ("$id", certificateId)).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> SetCustomCertificateAsync(Guid addressId, Guid? certificateId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            var changed = await Sql.ExecuteAsync(c, t, "UPDATE addresses SET custom_certificate_id = $certificate WHERE id = $id", cancellationToken,
                ("$id", addressId), ("$certificate", certificateId)).ConfigureAwait(false) > 0;
            if (changed)
            {
                // The edge re-reads this address and serves the attached certificate from its next snapshot.
                await ChangeLog.RecordAsync(c, t, ChangeLog.Address, cancellationToken, addressId).ConfigureAwait(false);
            }
            return changed;
        }, cancellationToken);
}
