using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Data.Sqlite;

namespace Certsmith.Storage.Sqlite.Internal;

/// <summary>Sites in SQLite; their addresses are in the other part of this class. Thread-safe: one connection per call.</summary>
internal sealed partial class SqliteSiteStore(SqliteDatabase database) : ISiteStore
{
    private const string SiteColumns = "id, tenant_id, name, backend, force_https, hsts_max_age_ms, created_at, hsts_include_subdomains, hsts_preload";
    private const string SiteNameTaken = "the tenant already has a site with that name";

    public async Task AddSiteAsync(Site site, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t,
                $"INSERT INTO sites ({SiteColumns}) VALUES ($id, $tenant, $name, $backend, $force, $hsts, $at, $sub, $preload)", cancellationToken,
                ("$id", site.Id), ("$tenant", site.TenantId), ("$name", site.Name), ("$backend", site.Backend),
                ("$force", site.ForceHttps), ("$hsts", site.HstsMaxAge), ("$at", site.CreatedAt), ("$sub", site.HstsIncludeSubDomains), ("$preload", site.HstsPreload)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException(SiteNameTaken, e);
        }
    }

    public Task<Site?> GetSiteAsync(Guid id, CancellationToken cancellationToken) =>
        database.ReadAsync(c => Sql.QuerySingleAsync(c, null, $"SELECT {SiteColumns} FROM sites WHERE id = $id", ReadSite, cancellationToken, ("$id", id)), cancellationToken);

    public async Task<IReadOnlyList<Site>> ListSitesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        await database.ReadAsync(c => Sql.QueryAsync(c, null,
            $"SELECT {SiteColumns} FROM sites WHERE $tenant IS NULL OR tenant_id = $tenant ORDER BY name, id", ReadSite, cancellationToken,
            ("$tenant", tenantId)), cancellationToken).ConfigureAwait(false);

    public async Task<bool> UpdateSiteAsync(Site site, CancellationToken cancellationToken)
    {
        try
        {
            // The owner and creation time are not settings; they never change.
            return await database.WriteAsync(async (c, t) =>
            {
                var changed = await Sql.ExecuteAsync(c, t,
                    """
                    UPDATE sites SET name = $name, backend = $backend, force_https = $force, hsts_max_age_ms = $hsts,
                        hsts_include_subdomains = $sub, hsts_preload = $preload WHERE id = $id
                    """, cancellationToken,
                    ("$id", site.Id), ("$name", site.Name), ("$backend", site.Backend), ("$force", site.ForceHttps), ("$hsts", site.HstsMaxAge),
                    ("$sub", site.HstsIncludeSubDomains), ("$preload", site.HstsPreload)).ConfigureAwait(false);
                if (changed > 0)
                {
                    // The edge routes with the site's settings (backend, force HTTPS, HSTS).
                    await ChangeLog.RecordAsync(c, t, ChangeLog.Site, cancellationToken, site.Id).ConfigureAwait(false);
                }
                return changed > 0;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.IsUniqueViolation())
        {
            throw new StoreConflictException(SiteNameTaken, e);
        }
    }

    public Task<bool> RemoveSiteAsync(Guid id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, t) =>
        {
            await Sql.ExecuteAsync(c, t, "DELETE FROM assignments WHERE address_id IN (SELECT id FROM addresses WHERE site_id = $id)",
                cancellationToken, ("$id", id)).ConfigureAwait(false);
            // The site and every address it takes with it leave the edge in one change.
            var stamp = await ChangeLog.RecordAsync(c, t, ChangeLog.Site, cancellationToken, id).ConfigureAwait(false);
            await ChangeLog.LogSelectedAsync(c, t, stamp, ChangeLog.Address, "SELECT id FROM addresses WHERE site_id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
            await Sql.ExecuteAsync(c, t, "DELETE FROM addresses WHERE site_id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false);
            return await Sql.ExecuteAsync(c, t, "DELETE FROM sites WHERE id = $id", cancellationToken, ("$id", id)).ConfigureAwait(false) > 0;
        }, cancellationToken);

    private static Site ReadSite(SqliteDataReader r) =>
        new(r.GetId(0), r.GetId(1), r.GetString(2), r.GetUriOrNull(3), r.GetInt64(4) != 0,
            r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(r.GetInt64(5)), r.GetTime(6))
        {
            HstsIncludeSubDomains = r.GetInt64(7) != 0,
            HstsPreload = r.GetInt64(8) != 0,
        };
}
