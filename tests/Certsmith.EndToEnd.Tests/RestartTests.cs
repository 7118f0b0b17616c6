using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Jws;
using Certsmith.Core.Security;
using Certsmith.LocalCa;
using Certsmith.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.EndToEnd.Tests;

/// <summary>The platform stopped and started again over the same data directory keeps every site on HTTPS.</summary>
public sealed class RestartTests : IDisposable
{
    private static readonly TimeSpan IssuanceDeadline = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-restart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task After_a_restart_stored_certificates_are_served_and_new_sites_are_secured_by_the_new_local_ca()
    {
        string tenant;
        X509Certificate2 firstRoot;
        await using (var first = PlatformFixture.Over(_dir))
        {
            await first.InitializeAsync();
            tenant = await first.TenantWithDomainsAsync("restart.example");
            var site = await first.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "before" });
            await first.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "before.restart.example" });
            await first.WaitForValidAsync(tenant, ["before.restart.example"], IssuanceDeadline);
            firstRoot = X509CertificateLoader.LoadCertificate(first.CaRoot.RawData);
        }

        await using var second = PlatformFixture.Over(_dir);
        await second.InitializeAsync();
        // The edge serves stored certificates from its first snapshot (poll briefly: a snapshot the store could not
        // give at the very start is retried by the edge's loop within a second).
        var (leaf, chainsToOldRoot) = await EdgeClient.HandshakeAsync(second.Platform.EdgeHttpsPort, "before.restart.example", firstRoot);
        for (var deadline = DateTime.UtcNow.AddSeconds(5); !chainsToOldRoot && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            leaf.Dispose();
            (leaf, chainsToOldRoot) = await EdgeClient.HandshakeAsync(second.Platform.EdgeHttpsPort, "before.restart.example", firstRoot);
        }
        using var _ = leaf;
        var site2 = await second.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "after" });
        await second.PostAsync($"/api/v1/tenants/{tenant}/sites/{site2["id"]}/addresses", new { name = "after.restart.example" });
        await second.WaitForValidAsync(tenant, ["after.restart.example"], IssuanceDeadline);
        var (newLeaf, chainsToNewRoot) = await EdgeClient.HandshakeAsync(second.Platform.EdgeHttpsPort, "after.restart.example", second.CaRoot);
        using var __ = newLeaf;

        Assert.True(chainsToOldRoot, $"the certificate issued before the restart is still served, not {leaf.Subject} from {leaf.Issuer}");
        Assert.Equal(["before.restart.example"], EdgeClient.DnsNames(leaf));
        Assert.True(chainsToNewRoot);
        firstRoot.Dispose();
    }

    [Fact]
    public async Task A_test_ca_that_forgot_the_account_gets_a_new_one_and_issuance_goes_on()
    {
        await using var run = PlatformFixture.Over(_dir);
        await run.InitializeAsync();
        var services = run.Platform.Services;
        var store = services.GetRequiredService<ICertsmithStore>();
        var directory = run.Platform.CaDirectory;

        // The store holds an account the CA does not know (as after a Pebble restart on the same address).
        using var key = AcmeKey.CreateEs256();
        var forgotten = new Uri(directory, "/my-account/424242");
        var protectedKey = services.GetRequiredService<IKeyProtector>().Protect(Encoding.UTF8.GetBytes(key.ExportPrivateKeyPem()), KeyPurposes.Account(directory));
        await store.Acme.SaveAccountAsync(new AcmeAccountRecord(directory, forgotten, protectedKey, DateTimeOffset.UtcNow), CancellationToken.None);

        var tenant = await run.TenantWithDomainsAsync("forgot.example");
        var site = await run.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "one" });
        await run.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "one.forgot.example" });
        await run.WaitForValidAsync(tenant, ["one.forgot.example"], IssuanceDeadline);

        var renewed = (await store.Acme.GetAccountAsync(directory, CancellationToken.None))!;
        Assert.NotEqual(forgotten, renewed.AccountUrl);
    }

    [Fact]
    public async Task A_real_ca_that_forgot_the_account_stops_issuance_with_the_reason_and_registers_nothing()
    {
        // A CA configured like Let's Encrypt (not a test CA), here a Pebble the test runs, validating at the edge.
        var edgePort = ApiCalls.FreePort();
        await using var pebble = await PebbleServer.StartAsync(new PebbleOptions { HttpPort = edgePort }, CancellationToken.None);
        await using var fixture = PlatformFixture.Over(_dir);
        fixture.Settings["Acme:DirectoryUrl"] = pebble.DirectoryUri.ToString();
        fixture.Settings["Acme:TrustBundle"] = pebble.ListenerRootCertificatePath;
        fixture.Settings["Acme:AcceptTermsOfService"] = "true";
        fixture.Settings["Edge:HttpPort"] = edgePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fixture.Settings["Platform:MarkDomainsProvenWithoutDns"] = "true";
        await fixture.InitializeAsync();
        var services = fixture.Platform.Services;
        var store = services.GetRequiredService<ICertsmithStore>();
        var directory = fixture.Platform.CaDirectory;
        using var key = AcmeKey.CreateEs256();
        var forgotten = new Uri(directory, "/my-account/424242");
        var protectedKey = services.GetRequiredService<IKeyProtector>().Protect(Encoding.UTF8.GetBytes(key.ExportPrivateKeyPem()), KeyPurposes.Account(directory));
        await store.Acme.SaveAccountAsync(new AcmeAccountRecord(directory, forgotten, protectedKey, DateTimeOffset.UtcNow), CancellationToken.None);

        var tenant = await fixture.TenantWithDomainsAsync("real.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "one" });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "one.real.example" });
        var deadline = DateTime.UtcNow + IssuanceDeadline;
        string? lastError = null;
        while (DateTime.UtcNow < deadline && lastError is null)
        {
            lastError = (string?)(await fixture.GetAsync($"/api/v1/tenants/{tenant}/addresses/{address["id"]}"))["lastError"];
            await Task.Delay(100);
        }

        Assert.Contains("no longer knows the platform's account", lastError, StringComparison.Ordinal);
        Assert.Equal(forgotten, (await store.Acme.GetAccountAsync(directory, CancellationToken.None))!.AccountUrl);
    }


}
