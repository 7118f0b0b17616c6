using Certsmith.Core.Storage;
using Certsmith.Storage.Sqlite.Internal;

namespace Certsmith.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, so one command runs everything on one machine, and
/// several processes on that machine may share the file. Thread-safe: every call opens its own (pooled)
/// connection; every write is one <c>BEGIN IMMEDIATE</c> transaction, so the platform's rules (names held
/// by one tenant, one lessee per work item, optimistic certificate versions) hold across processes.
/// Times are stored as unix milliseconds (UTC): read back, a time equals the one stored to the millisecond.
/// </summary>
public sealed class SqliteStore : ICertsmithStore
{
    private readonly Migrator _migrator;

    /// <summary>Creates the store over <see cref="SqliteStoreOptions.DatabasePath"/>; call <see cref="MigrateAsync"/> before using it.</summary>
    public SqliteStore(SqliteStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SQLite store options: " + string.Join("; ", errors), nameof(options));
        }
        var database = new SqliteDatabase(options);
        _migrator = new Migrator(database, timeProvider ?? TimeProvider.System);
        Tenants = new SqliteTenantStore(database);
        Domains = new SqliteDomainStore(database);
        Sites = new SqliteSiteStore(database);
        Certificates = new SqliteCertificateStore(database);
        Queue = new SqliteWorkQueue(database);
        Events = new SqliteEventLog(database);
        Acme = new SqliteAcmeStateStore(database);
        Budgets = new SqliteBudgetStore(database);
    }

    /// <inheritdoc />
    public ITenantStore Tenants { get; }

    /// <inheritdoc />
    public IDomainStore Domains { get; }

    /// <inheritdoc />
    public ISiteStore Sites { get; }

    /// <inheritdoc />
    public ICertificateStore Certificates { get; }

    /// <inheritdoc />
    public IWorkQueue Queue { get; }

    /// <inheritdoc />
    public IEventLog Events { get; }

    /// <inheritdoc />
    public IAcmeStateStore Acme { get; }

    /// <inheritdoc />
    public IBudgetStore Budgets { get; }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) => _migrator.MigrateAsync(Migration.Embedded, cancellationToken);

    /// <summary>The schema version the database is at (0 before the first migration).</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) => _migrator.VersionAsync(cancellationToken);

    /// <summary>Used by tests to apply a given list of migrations.</summary>
    internal Task MigrateToAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken) => _migrator.MigrateAsync(migrations, cancellationToken);
}
