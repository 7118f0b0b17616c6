using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Storage.Tests.Contract;

/// <summary>
/// What every <see cref="ICertsmithStore"/> must do, written once for every database: a derived class
/// supplies fresh databases (SQLite now, PostgreSQL later). Tests never sleep: the store takes every
/// time as a parameter, so each test states its moments explicitly. Times are whole milliseconds, the
/// precision every store keeps.
/// </summary>
public abstract partial class StoreContractTests(Func<ITestDatabase> createDatabase) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private ITestDatabase? _database;
    private ICertsmithStore? _store;

    /// <summary>The store under test, migrated.</summary>
    protected ICertsmithStore Store => _store ?? throw new InvalidOperationException("not initialised");

    /// <summary>A test's own deadline, so a hang fails instead of blocking the run.</summary>
    protected CancellationToken Ct { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    public async Task InitializeAsync()
    {
        _database = createDatabase();
        _store = _database.OpenStore();
        await _store.MigrateAsync(Ct);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Another node on the same database (migrated by the first).</summary>
    protected ICertsmithStore OpenAnotherNode() => _database!.OpenStore();

    protected async Task<Tenant> AddTenantAsync(string name, int? threshold = null)
    {
        var tenant = new Tenant(Guid.NewGuid(), name, threshold, T0);
        await Store.Tenants.AddTenantAsync(tenant, Ct);
        return tenant;
    }

    protected static Domain NewDomain(Tenant tenant, string name, DomainState state = DomainState.Proven, DomainKind kind = DomainKind.HostedZone) =>
        new(Guid.NewGuid(), tenant.Id, DnsName.Parse(name), kind, state, "token-" + name, T0);

    protected async Task<Domain> AddDomainAsync(Tenant tenant, string name, DomainState state = DomainState.Proven)
    {
        var domain = NewDomain(tenant, name, state);
        await Store.Domains.AddDomainAsync(domain, Ct);
        return domain;
    }

    protected async Task<Site> AddSiteAsync(Tenant tenant, string name)
    {
        var site = new Site(Guid.NewGuid(), tenant.Id, name, new Uri("http://127.0.0.1:8080/"), ForceHttps: false, HstsMaxAge: null, T0);
        await Store.Sites.AddSiteAsync(site, Ct);
        return site;
    }

    protected Task<SiteAddress> AddAddressAsync(Site site, string name, DateTimeOffset? at = null) =>
        Store.Sites.AddAddressAsync(site.Id, site.TenantId, DnsName.Parse(name), Guid.NewGuid(), at ?? T0, Ct);

    protected static CertificateRecord NewCertificate(Tenant tenant, params string[] names) => new()
    {
        Id = Guid.NewGuid(),
        TenantId = tenant.Id,
        Kind = CertificateKind.Managed,
        Names = [.. names.Select(n => n.StartsWith("*.", StringComparison.Ordinal) ? DnsName.ParseWildcard(n) : DnsName.Parse(n))],
        State = CertificateState.Pending,
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    protected async Task<CertificateRecord> AddCertificateAsync(Tenant tenant, params string[] names)
    {
        var certificate = NewCertificate(tenant, names);
        await Store.Certificates.AddCertificateAsync(certificate, Ct);
        return (await Store.Certificates.GetCertificateAsync(certificate.Id, Ct))!;
    }

    protected Task AssignAsync(SiteAddress address, CertificateRecord certificate, DateTimeOffset? at = null) =>
        Store.Certificates.AssignAsync(new Assignment(address.Id, certificate.Id, "policy.single", at ?? T0), Ct);
}
