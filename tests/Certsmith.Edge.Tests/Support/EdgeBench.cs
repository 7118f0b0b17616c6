using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Certsmith.Core.Certificates;
using Certsmith.Core.Names;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Edge.Tests.Support;

/// <summary>
/// One test's world: a store, a master key, a test CA, and an edge on 127.0.0.1 at ports the OS picks.
/// Helpers write tenants, sites, addresses and certificates to the store as the control plane would.
/// </summary>
public sealed class EdgeBench : IAsyncDisposable
{
    public const string DefaultName = "default.edge-tests.invalid";

    private EdgeBench(ICertsmithStore store, IAsyncDisposable? storeLifetime)
    {
        Store = store;
        StoreLifetime = storeLifetime;
    }

    public ICertsmithStore Store { get; }

    public IKeyProtector Protector { get; } = new MasterKeyProtector(RandomNumberGenerator.GetBytes(32));

    public TestCa Ca { get; } = new();

    public EdgeServer? Edge { get; private set; }

    public EdgeServer Running => Edge ?? throw new InvalidOperationException("Start the edge first.");

    private IAsyncDisposable? StoreLifetime { get; }

    /// <summary>A bench on the real SQLite store.</summary>
    public static async Task<EdgeBench> CreateAsync()
    {
        var (store, lifetime) = await TestStores.CreateAsync();
        return new EdgeBench(store, lifetime);
    }

    /// <summary>A bench on a store that can be made to fail.</summary>
    public static EdgeBench CreateOn(InMemoryStore store) => new(store, null);

    public async Task<EdgeServer> StartAsync(UnknownNameMode mode = UnknownNameMode.DefaultCertificate, TimeProvider? timeProvider = null, Action<EdgeOptions>? configure = null)
    {
        var options = new EdgeOptions { HttpPort = 0, HttpsPort = 0, UnknownNameMode = mode, DefaultCertificateName = DefaultName };
        configure?.Invoke(options);
        Edge = await EdgeServer.StartAsync(Store, Protector, timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance, options, CancellationToken.None);
        return Edge;
    }

    public async Task<Tenant> AddTenantAsync(string name)
    {
        var tenant = new Tenant(Guid.NewGuid(), name, null, DateTimeOffset.UtcNow);
        await Store.Tenants.AddTenantAsync(tenant, CancellationToken.None);
        return tenant;
    }

    public async Task<Site> AddSiteAsync(Tenant tenant, string name, Uri? backend = null)
    {
        var site = new Site(Guid.NewGuid(), tenant.Id, name, backend, false, null, DateTimeOffset.UtcNow);
        await Store.Sites.AddSiteAsync(site, CancellationToken.None);
        return site;
    }

    public Task<SiteAddress> AddAddressAsync(Site site, string host) =>
        Store.Sites.AddAddressAsync(site.Id, site.TenantId, DnsName.Parse(host), Guid.NewGuid(), DateTimeOffset.UtcNow, CancellationToken.None);

    /// <summary>Stores an issued certificate for a tenant as the control plane does: chain leaf first, key encrypted under its id.</summary>
    public async Task<CertificateRecord> AddCertificateAsync(Tenant tenant, IssuedCertificate issued, params string[] names)
    {
        var id = Guid.NewGuid();
        var record = new CertificateRecord
        {
            Id = id,
            TenantId = tenant.Id,
            Kind = CertificateKind.Managed,
            Names = [.. names.Select(n => n.StartsWith("*.", StringComparison.Ordinal) ? DnsName.ParseWildcard(n) : DnsName.Parse(n))],
            State = CertificateState.Valid,
            ChainPem = issued.ChainPem,
            ProtectedKey = Protector.Protect(Encoding.UTF8.GetBytes(issued.KeyPem), KeyPurposes.Certificate(id)),
            NotBefore = issued.NotBefore,
            NotAfter = issued.NotAfter,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await Store.Certificates.AddCertificateAsync(record, CancellationToken.None);
        return (await Store.Certificates.GetCertificateAsync(id, CancellationToken.None))!;
    }

    /// <summary>Issues a certificate for <paramref name="names"/> valid for <paramref name="lifetime"/> and stores it.</summary>
    public async Task<(CertificateRecord Record, IssuedCertificate Issued)> IssueAsync(Tenant tenant, TimeSpan lifetime, params string[] names)
    {
        var issued = Ca.Issue(lifetime, names);
        return (await AddCertificateAsync(tenant, issued, names), issued);
    }

    /// <summary>Replaces a certificate's chain and key in place (a renewal keeps the record, DESIGN.md).</summary>
    public async Task<CertificateRecord> RenewAsync(CertificateRecord record, IssuedCertificate issued)
    {
        var current = (await Store.Certificates.GetCertificateAsync(record.Id, CancellationToken.None))!;
        return await Store.Certificates.UpdateCertificateAsync(current with
        {
            ChainPem = issued.ChainPem,
            ProtectedKey = Protector.Protect(Encoding.UTF8.GetBytes(issued.KeyPem), KeyPurposes.Certificate(record.Id)),
            NotBefore = issued.NotBefore,
            NotAfter = issued.NotAfter,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);
    }

    public Task AssignAsync(SiteAddress address, CertificateRecord certificate) =>
        Store.Certificates.AssignAsync(new Assignment(address.Id, certificate.Id, "test", DateTimeOffset.UtcNow), CancellationToken.None);

    /// <summary>The certificate the edge serves for <paramref name="serverName"/> now, or null when it refuses.</summary>
    public Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> ServedAsync(string? serverName) =>
        TlsConnection.TryGetCertificateAsync(Running.HttpsPort, serverName);

    /// <summary>An HTTP client whose every connection goes to the edge, whatever the URL's host (which stays the SNI and Host).</summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var port = context.DnsEndPoint.Port == 443 ? Running.HttpsPort : Running.HttpPort;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var stop = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < stop)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        if (Edge is not null)
        {
            await Edge.DisposeAsync();
        }
        if (StoreLifetime is not null)
        {
            await StoreLifetime.DisposeAsync();
        }
        Ca.Dispose();
    }
}
