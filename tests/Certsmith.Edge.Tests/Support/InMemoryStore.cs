using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Edge.Tests.Support;

/// <summary>
/// A store that can be made to fail (<see cref="Failure"/>), which the real SQLite store cannot on demand: only what the edge reads and the
/// tests write — tenants, sites, addresses, certificates, assignments, challenge answers (HTTP-01, TLS-ALPN-01) and the change
/// stamp — held under one lock. The rest throws.
/// </summary>
public sealed class InMemoryStore : ICertsmithStore, ITenantStore, ISiteStore, ICertificateStore, IAcmeStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Tenant> _tenants = [];
    private readonly Dictionary<Guid, Site> _sites = [];
    private readonly Dictionary<Guid, SiteAddress> _addresses = [];
    private readonly Dictionary<Guid, CertificateRecord> _certificates = [];
    private readonly Dictionary<Guid, Assignment> _assignments = [];
    private readonly Dictionary<string, ChallengeAnswer> _answers = [];
    private readonly Dictionary<string, TlsAlpnChallenge> _tlsAlpn = [];
    private readonly List<(long Stamp, char Kind, Guid Id)> _changes = [];
    private long _sequence;
    private long _stamp;

    public ITenantStore Tenants => this;
    public IDomainStore Domains => throw new NotSupportedException();
    public ISiteStore Sites => this;
    public ICertificateStore Certificates => this;
    public IWorkQueue Queue => throw new NotSupportedException();
    public IEventLog Events => throw new NotSupportedException();
    public IAcmeStateStore Acme => this;
    public IBudgetStore Budgets => throw new NotSupportedException();

    /// <summary>When set, every read throws it (a store that is down).</summary>
    public Exception? Failure { get; set; }

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AddTenantAsync(Tenant tenant, CancellationToken cancellationToken) => Do(() => _tenants.Add(tenant.Id, tenant));
    public Task<Tenant?> GetTenantAsync(Guid id, CancellationToken cancellationToken) => Read(() => _tenants.GetValueOrDefault(id));
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken) => Read(() => (IReadOnlyList<Tenant>)[.. _tenants.Values]);
    public Task UpdateTenantAsync(Tenant tenant, CancellationToken cancellationToken) => Do(() => _tenants[tenant.Id] = tenant);
    public Task AddTokenAsync(ApiToken token, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ApiToken?> FindTokenByHashAsync(byte[] hash, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(Guid? tenantId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> RevokeTokenAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task AddUserAsync(User user, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<int> DetachCustomCertificateAsync(Guid certificateId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> SetCustomCertificateAsync(Guid addressId, Guid? certificateId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<SiteAddress>> ListChildrenAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> IsUsedAsync(Guid certificateId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<Assignment>> ListWaitingAssignmentsAsync(Guid wildcardId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PutDnsRecordAsync(DnsChallengeRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveDnsRecordAsync(string recordName, string value, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<DnsChallengeRecord>> ListExpiredDnsRecordsAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<CertificateRecord>> ListCoveringCertificatesAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<int> CountChildrenAsync(Guid tenantId, DnsName parent, long upToSequence, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<User?> FindUserByEmailAsync(string email, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<User>> ListUsersAsync(Guid? tenantId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> DisableUserAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<User?> GetUserAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> UpdateUserCredentialsAsync(Guid id, string passwordHash, string sessionStamp, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> UpdateSessionStampAsync(Guid id, string sessionStamp, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task AddSiteAsync(Site site, CancellationToken cancellationToken) => Do(() => _sites.Add(site.Id, site));
    public Task<Site?> GetSiteAsync(Guid id, CancellationToken cancellationToken) => Read(() => _sites.GetValueOrDefault(id));
    public Task<IReadOnlyList<Site>> ListSitesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<Site>)[.. _sites.Values.Where(s => tenantId is null || s.TenantId == tenantId).OrderBy(s => s.Name, StringComparer.Ordinal)]);
    public Task<bool> UpdateSiteAsync(Site site, CancellationToken cancellationToken) => Read(() => _sites.ContainsKey(site.Id) && (_sites[site.Id] = site) is not null && Changed('s', site.Id));
    public Task<bool> RemoveSiteAsync(Guid id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<SiteAddress> AddAddressAsync(Guid siteId, Guid tenantId, DnsName name, Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        Read(() =>
        {
            if (_addresses.Values.Any(a => a.Name == name))
            {
                throw new StoreConflictException("that name is already an address");
            }
            var address = new SiteAddress(id, siteId, tenantId, name, ++_sequence, at);
            _addresses.Add(id, address);
            Changed('a', id);
            return address;
        });

    public Task<bool> RemoveAddressAsync(Guid id, CancellationToken cancellationToken) => Read(() => { Changed('a', id); _assignments.Remove(id); return _addresses.Remove(id); });
    public Task<SiteAddress?> GetAddressAsync(Guid id, CancellationToken cancellationToken) => Read(() => _addresses.GetValueOrDefault(id));
    public Task<SiteAddress?> FindAddressAsync(DnsName name, CancellationToken cancellationToken) => Read(() => _addresses.Values.FirstOrDefault(a => a.Name == name));
    public Task<IReadOnlyList<SiteAddress>> ListAddressesAsync(Guid siteId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<SiteAddress>)[.. _addresses.Values.Where(a => a.SiteId == siteId).OrderBy(a => a.Sequence)]);
    public Task<IReadOnlyList<SiteAddress>> ListAllAddressesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<SiteAddress>)[.. _addresses.Values.Where(a => tenantId is null || a.TenantId == tenantId).OrderBy(a => a.Sequence)]);

    public Task<IReadOnlyList<SiteAddress>> ListAttachedAddressesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<SiteAddress>)[.. _addresses.Values.Where(a => a.TenantId == tenantId && a.CustomCertificateId is not null).OrderBy(a => a.Sequence)]);

    public Task AddCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        Do(() => { _certificates.Add(certificate.Id, certificate with { Version = 1 }); Changed('c', certificate.Id); });
    public Task<CertificateRecord?> GetCertificateAsync(Guid id, CancellationToken cancellationToken) => Read(() => _certificates.GetValueOrDefault(id));
    public Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<CertificateRecord>)[.. _certificates.Values.Where(c => tenantId is null || c.TenantId == tenantId)]);
    public Task<IReadOnlyList<CertificateRecord>> ListCertificatesPageAsync(Guid tenantId, CertificateKind kind, int offset, int limit, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<CertificateRecord>)[.. _certificates.Values.Where(c => c.TenantId == tenantId && c.Kind == kind)
            .OrderBy(c => c.State == CertificateState.Retired).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id).Skip(offset).Take(limit)]);
    public Task<CertificateCounts> CountCertificatesAsync(Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Read(() =>
        {
            var all = _certificates.Values.Where(c => c.TenantId == tenantId).ToList();
            var live = all.Where(c => c.State != CertificateState.Retired).ToList();
            return new CertificateCounts(
                live.Count(c => c.Kind == CertificateKind.Managed), live.Count(c => c.Kind == CertificateKind.Custom),
                all.Count(c => c.State == CertificateState.Valid && c.NotAfter > now), all.Count(c => c.State == CertificateState.Pending),
                live.Count(c => c.Kind == CertificateKind.Managed && (c.State == CertificateState.Failed || c.LastError is not null)));
        });
    public Task<IReadOnlyList<CertificateRecord>> ListCustomCertificatesAsync(Guid? tenantId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<CertificateRecord>)[.. _certificates.Values
            .Where(c => c.Kind == CertificateKind.Custom && c.State != CertificateState.Retired && (tenantId is null || c.TenantId == tenantId))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)]);
    public Task<IReadOnlyList<CertificateRecord>> ListFailingCertificatesAsync(CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<CertificateRecord>)[.. _certificates.Values
            .Where(c => c.Kind == CertificateKind.Managed && c.State != CertificateState.Retired && (c.State == CertificateState.Failed || c.LastError is not null))
            .OrderBy(c => c.NextAttemptAt is null).ThenBy(c => c.NextAttemptAt).ThenBy(c => c.Id)]);
    public Task<CertificateRecord> UpdateCertificateAsync(CertificateRecord certificate, CancellationToken cancellationToken) =>
        Read(() =>
        {
            if (!_certificates.TryGetValue(certificate.Id, out var stored) || stored.Version != certificate.Version)
            {
                throw new StoreConflictException("the certificate changed since it was read");
            }
            var next = certificate with { Version = certificate.Version + 1 };
            _certificates[certificate.Id] = next;
            Changed('c', certificate.Id);
            return next;
        });
    public Task AssignAsync(Assignment assignment, CancellationToken cancellationToken) => Do(() => { _assignments[assignment.AddressId] = assignment; Changed('a', assignment.AddressId); });
    public Task<Assignment?> GetAssignmentAsync(Guid addressId, CancellationToken cancellationToken) => Read(() => _assignments.GetValueOrDefault(addressId));
    public Task<IReadOnlyList<Assignment>> ListAssignmentsAsync(Guid? certificateId, CancellationToken cancellationToken) =>
        Read(() => (IReadOnlyList<Assignment>)[.. _assignments.Values.Where(a => certificateId is null || a.CertificateId == certificateId)]);
    public Task SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<OrderRecord?> GetOpenOrderAsync(Guid certificateId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<OrderRecord>> ListOrdersAsync(Guid certificateId, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<long> GetChangeStampAsync(CancellationToken cancellationToken) => Read(() => _stamp);
    public Task<StoreChanges?> GetChangesSinceAsync(long sinceStamp, CancellationToken cancellationToken) =>
        Read(() =>
        {
            if (sinceStamp > _stamp)
            {
                return null;
            }
            var changed = _changes.Where(c => c.Stamp > sinceStamp).ToList();
            HashSet<Guid> Of(char kind) => [.. changed.Where(c => c.Kind == kind).Select(c => c.Id)];
            return new StoreChanges(_stamp, Of('c'), Of('a'), Of('s'));
        });

    public Task<AcmeAccountRecord?> GetAccountAsync(Uri directoryUrl, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SaveAccountAsync(AcmeAccountRecord account, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PutChallengeAnswerAsync(ChallengeAnswer answer, CancellationToken cancellationToken) => Do(() => _answers[answer.Token] = answer);
    public Task<ChallengeAnswer?> GetChallengeAnswerAsync(string token, DateTimeOffset now, CancellationToken cancellationToken) =>
        Read(() => _answers.TryGetValue(token, out var answer) && answer.ExpiresAt > now ? answer : null);
    public Task RemoveChallengeAnswerAsync(string token, CancellationToken cancellationToken) => Do(() => _answers.Remove(token));

    public Task PutTlsAlpnChallengeAsync(TlsAlpnChallenge challenge, CancellationToken cancellationToken) => Do(() => _tlsAlpn[challenge.ServerName] = challenge);
    public Task<TlsAlpnChallenge?> GetTlsAlpnChallengeAsync(string serverName, DateTimeOffset now, CancellationToken cancellationToken) =>
        Read(() => _tlsAlpn.TryGetValue(serverName, out var challenge) && challenge.ExpiresAt > now ? challenge : null);
    public Task RemoveTlsAlpnChallengeAsync(string serverName, string token, CancellationToken cancellationToken) =>
        Do(() => _ = _tlsAlpn.TryGetValue(serverName, out var challenge) && challenge.Token == token && _tlsAlpn.Remove(serverName));

    /// <summary>Bumps the stamp and logs what it touched: 'c' certificate, 'a' address (or its assignment), 's' site.</summary>
    private bool Changed(char kind, Guid id)
    {
        _changes.Add((++_stamp, kind, id));
        return true;
    }

    private Task<bool> Do(Action action) => Read(() => { action(); return true; });

    private Task<T> Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return Failure is { } failure ? Task.FromException<T>(failure) : Task.FromResult(read());
        }
    }
}
