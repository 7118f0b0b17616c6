namespace Certsmith.EndToEnd.Tests;

/// <summary>Issue 4, section 1: short-lived certificates are renewed and swapped into the edge without a restart.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the fixture through IAsyncLifetime.DisposeAsync.")]
public sealed class RenewalTests : IAsyncLifetime
{
    /// <summary>Pebble issues 20-second certificates: renewed at half their lifetime (short-lived), about 10 s in.</summary>
    private const int ValiditySeconds = 20;

    private readonly PlatformFixture _fixture = new();

    public Task InitializeAsync()
    {
        _fixture.Settings["LocalCa:CertificateValiditySeconds"] = ValiditySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_short_lived_certificate_is_renewed_at_half_its_lifetime_and_served_without_dropping_connections()
    {
        var tenant = await _fixture.TenantWithDomainsAsync("renew.example");
        var site = await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "r" });
        await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "r.renew.example" });
        await _fixture.WaitForValidAsync(tenant, ["r.renew.example"], TimeSpan.FromSeconds(60));
        var first = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
        var notBefore = (DateTimeOffset)first["notBefore"]!;
        var notAfter = (DateTimeOffset)first["notAfter"]!;
        var renewAt = (DateTimeOffset)first["renewAt"]!;
        var lifetime = notAfter - notBefore;
        var (before, _) = await EdgeClient.HandshakeAsync(_fixture.Platform.EdgeHttpsPort, "r.renew.example", _fixture.CaRoot);
        var connects = 0;
        using var open = EdgeClient.Http(_fixture.Platform.EdgeHttpsPort, _fixture.CaRoot, () => Interlocked.Increment(ref connects));
        await open.GetStringAsync($"https://r.renew.example:{_fixture.Platform.EdgeHttpsPort}/");

        // Half the lifetime (short-lived), moved earlier by at most 1/30 of it for jitter.
        Assert.InRange(renewAt, notBefore + lifetime * (0.5 - (1.0 / 30)) - TimeSpan.FromSeconds(1), notBefore + lifetime * 0.5 + TimeSpan.FromSeconds(1));

        // The edge serves a new certificate for the name, without a restart.
        var deadline = DateTime.UtcNow.AddSeconds(ValiditySeconds * 2);
        var after = before;
        while (after.SerialNumber == before.SerialNumber && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            (after, _) = await EdgeClient.HandshakeAsync(_fixture.Platform.EdgeHttpsPort, "r.renew.example", _fixture.CaRoot);
        }
        await open.GetStringAsync($"https://r.renew.example:{_fixture.Platform.EdgeHttpsPort}/");

        Assert.NotEqual(before.SerialNumber, after.SerialNumber);
        Assert.True(after.NotBefore >= before.NotBefore);
        var certificates = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        Assert.Single(certificates);
        var events = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates/{first["id"]}/events")).AsArray();
        Assert.Contains(events, e => ((string?)e!["message"])?.Contains("(renewal)", StringComparison.Ordinal) == true);
        Assert.Equal(1, connects);
        before.Dispose();
        after.Dispose();
    }

    [Fact]
    public async Task A_certificate_no_address_uses_is_retired_and_never_renewed()
    {
        var tenant = await _fixture.TenantWithDomainsAsync("unused.example");
        var site = await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "gone" });
        var address = await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "gone.unused.example" });
        await _fixture.WaitForValidAsync(tenant, ["gone.unused.example"], TimeSpan.FromSeconds(60));
        var issued = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
        var renewAt = (DateTimeOffset)issued["renewAt"]!;

        using (var response = await _fixture.Api.DeleteAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses/{address["id"]}"))
        {
            Assert.True(response.IsSuccessStatusCode);
        }
        // Retired at once; then past the moment it would have been renewed nothing changes. Polls until both
        // hold (or the deadline), so the assertion sees the certificate after its renewal moment.
        var deadline = DateTime.UtcNow.AddSeconds(ValiditySeconds * 2);
        var after = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
        while (((string?)after["state"] != "retired" || DateTimeOffset.UtcNow < renewAt + TimeSpan.FromSeconds(1)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            after = (await _fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
        }

        Assert.Equal("retired", (string?)after["state"]);
        Assert.Equal((string?)issued["serialNumber"], (string?)after["serialNumber"]);
    }
}
