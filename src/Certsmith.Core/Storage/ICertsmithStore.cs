namespace Certsmith.Core.Storage;

/// <summary>
/// The whole store, one implementation per database (SQLite embedded; PostgreSQL for several nodes). It
/// applies its schema migrations in <see cref="MigrateAsync"/> before anything else uses it.
/// </summary>
public interface ICertsmithStore
{
    /// <summary>Tenants and API tokens.</summary>
    ITenantStore Tenants { get; }

    /// <summary>Domains.</summary>
    IDomainStore Domains { get; }

    /// <summary>Sites and addresses.</summary>
    ISiteStore Sites { get; }

    /// <summary>Certificates, assignments and orders.</summary>
    ICertificateStore Certificates { get; }

    /// <summary>The durable work queue.</summary>
    IWorkQueue Queue { get; }

    /// <summary>History.</summary>
    IEventLog Events { get; }

    /// <summary>ACME accounts, HTTP-01 answers and TLS-ALPN-01 certificates.</summary>
    IAcmeStateStore Acme { get; }

    /// <summary>The CA rate-limit budgets.</summary>
    IBudgetStore Budgets { get; }

    /// <summary>Brings the schema to the newest version (idempotent; versioned migrations).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
