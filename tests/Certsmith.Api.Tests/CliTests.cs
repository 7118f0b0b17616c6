using System.Text.Json.Nodes;
using Certsmith.Cli;
using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;

using Certsmith.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Api.Tests;

/// <summary>The <c>certsmith</c> CLI, run in-process against the real API: it creates what it says, prints JSON that parses, and fails in one line.</summary>
public sealed class CliTests : IClassFixture<ApiFixture>, IDisposable
{
    private readonly ApiFixture fixture;

    // An empty config file, so that the machine's own ~/.config/certsmith/config.json plays no part.
    private readonly string _noConfig = Path.Combine(Path.GetTempPath(), $"certsmith-empty-config-{Guid.NewGuid():N}.json");

    public CliTests(ApiFixture fixture)
    {
        this.fixture = fixture;
        File.WriteAllText(_noConfig, "{}");
    }

    public void Dispose() => File.Delete(_noConfig);

    [Fact]
    public async Task Creates_a_tenant_token_domain_site_and_address_and_prints_json_that_parses()
    {
        var tenant = JsonNode.Parse(await RunOkAsync(fixture.Host.AdminToken, "tenant", "create", "cli tenant " + Guid.NewGuid().ToString("N")[..6], "--json"))!;
        var tenantId = (string)tenant["id"]!;
        var token = JsonNode.Parse(await RunOkAsync(fixture.Host.AdminToken, "token", "create", "cli", "--tenant", tenantId, "--json"))!;
        var secret = (string)token["secret"]!;

        var name = TenantSession.NewDomainName();
        var domain = JsonNode.Parse(await RunOkAsync(secret, "domain", "add", name, "--json"))!;
        var site = JsonNode.Parse(await RunOkAsync(secret, "site", "create", "shop", "--json"))!;
        var address = JsonNode.Parse(await RunOkAsync(secret, "address", "add", (string)site["id"]!, "WWW." + name, "--json"))!;

        Assert.Equal(name, (string?)domain["name"]);
        Assert.Equal("www." + name, (string?)address["name"]);
        Assert.Equal("pending", (string?)address["certificateState"]);
        var shown = await RunOkAsync(secret, "site", "show", (string)site["id"]!);
        Assert.Contains("www." + name, shown, StringComparison.Ordinal);
        Assert.Contains("pending", shown, StringComparison.Ordinal);
        var list = JsonNode.Parse(await RunOkAsync(secret, "certificate", "list", "--json"))!.AsArray();
        Assert.Equal("www." + name, (string?)Assert.Single(list)!["names"]![0]);
        Assert.Contains("certificate.wanted", await RunOkAsync(secret, "certificate", "events", (string)list[0]!["id"]!), StringComparison.Ordinal);
        Assert.Contains("www." + name, await RunOkAsync(secret, "domain", "list") + await RunOkAsync(secret, "certificate", "show", (string)list[0]!["id"]!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_is_printed_only_when_it_is_created()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var created = await RunOkAsync(tenant.Token, "token", "create", "deploy");
        var listed = await RunOkAsync(tenant.Token, "token", "list") + await RunOkAsync(tenant.Token, "token", "list", "--json");

        Assert.Contains("cst_", created, StringComparison.Ordinal);
        Assert.DoesNotContain("cst_", listed, StringComparison.Ordinal);
        Assert.Contains("deploy", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_error_is_one_line_and_a_non_zero_exit_code()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var (code, output, error) = await RunAsync(tenant.Token, "domain", "add", "co.uk");

        Assert.NotEqual(0, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("public suffix", line, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_or_missing_token_fails_in_one_line()
    {
        var (code, _, error) = await RunAsync("cst_not-a-token", "site", "list", "--tenant", Guid.NewGuid().ToString());
        var (noTokenCode, _, noTokenError) = await RunAsync(null, "site", "list", "--tenant", Guid.NewGuid().ToString());

        Assert.Equal(1, code);
        Assert.Contains("unknown or has been revoked. (HTTP 401)", error, StringComparison.Ordinal);
        Assert.Equal(1, noTokenCode);
        Assert.Contains("needs an API token", noTokenError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_add_wait_reports_progress_and_gives_up_at_the_timeout()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");

        // No issuance runs in this test host, so the certificate stays pending until the timeout.
        var (code, output, error) = await RunAsync(tenant.Token, "address", "add", (string)site["id"]!, "www." + name, "--wait", "--timeout", "2");

        Assert.Equal(1, code);
        Assert.Contains($"www.{name}: certificate pending (expected at", output, StringComparison.Ordinal);
        Assert.Contains("gave up waiting after 2 s", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_the_config_file_when_no_flags_are_given()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var config = Path.Combine(Path.GetTempPath(), $"certsmith-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, new JsonObject { ["url"] = fixture.Host.BaseAddress.ToString(), ["token"] = tenant.Token }.ToJsonString());
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await Program.RunAsync(["site", "list", "--config", config], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Equal("(none)", output.ToString().Trim());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Wildcard_delegation_and_threshold_commands_reach_the_api_and_say_why_they_are_refused()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);

        var (code, _, error) = await RunAsync(tenant.Token, "wildcard", "request", name);
        Assert.NotEqual(0, code);
        Assert.Contains("needs DNS-01", error, StringComparison.Ordinal);
        var (delegationCode, _, delegationError) = await RunAsync(tenant.Token, "delegation", "add", name);
        Assert.NotEqual(0, delegationCode);
        Assert.Contains("no challenge zone", delegationError, StringComparison.Ordinal);
        Assert.Contains("threshold 7", await RunOkAsync(fixture.Host.AdminToken, "tenant", "set-threshold", tenant.TenantId, "7"), StringComparison.Ordinal);
        Assert.Contains("the platform's", await RunOkAsync(fixture.Host.AdminToken, "tenant", "set-threshold", tenant.TenantId, "default"), StringComparison.Ordinal);
        var (badCode, _, badError) = await RunAsync(fixture.Host.AdminToken, "tenant", "set-threshold", tenant.TenantId, "many");
        Assert.NotEqual(0, badCode);
        Assert.Contains("whole number", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csr_is_made_installed_from_a_file_and_attached_from_the_command_line()
    {
        using var ca = new OtherCa();
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        var csrFile = Path.Combine(Path.GetTempPath(), $"certsmith-cli-{Guid.NewGuid():N}.csr");
        var certFile = Path.ChangeExtension(csrFile, ".cer");
        try
        {
            var created = JsonNode.Parse(await RunOkAsync(tenant.Token, "csr", "create", "www." + name, "--organization", "Example", "--country", "DE", "--out", csrFile, "--json"))!;
            var id = (string)created["certificate"]!["id"]!;
            using var issued = ca.SignCsr(await File.ReadAllTextAsync(csrFile), ["www." + name]);
            await File.WriteAllBytesAsync(certFile, issued.RawData);

            Assert.Contains("valid until", await RunOkAsync(tenant.Token, "certificate", "install", id, certFile), StringComparison.Ordinal);
            Assert.Contains("www." + name, await RunOkAsync(tenant.Token, "certificate", "attach", id, (string)address["id"]!), StringComparison.Ordinal);
            Assert.Contains("Detached", await RunOkAsync(tenant.Token, "certificate", "detach", (string)address["id"]!), StringComparison.Ordinal);
            Assert.DoesNotContain("PRIVATE KEY", await RunOkAsync(tenant.Token, "certificate", "show", id, "--json"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csrFile);
            File.Delete(certFile);
        }
    }

    [Fact]
    public async Task Admin_views_and_check_again_print_what_the_api_answered()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        var certificateId = Guid.Parse((string)address["certificateId"]!);
        var store = fixture.Host.Store;
        var record = (await store.Certificates.GetCertificateAsync(certificateId, CancellationToken.None))!;
        await store.Certificates.UpdateCertificateAsync(record with { State = CertificateState.Failed, LastError = "The CA refused: no such host", NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1) }, CancellationToken.None);
        await store.Budgets.AddChargeAsync($"{ApiHost.RateLimitedCa.IdnHost} domain {name}", DateTimeOffset.UtcNow, CancellationToken.None);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var queue = await RunOkAsync(fixture.Host.AdminToken, "admin", "queue");
        var failures = await RunOkAsync(fixture.Host.AdminToken, "admin", "failures");
        var budgets = await RunOkAsync(fixture.Host.AdminToken, "admin", "budgets");

        var queueLine = Assert.Single(queue.Split('\n'), l => l.Contains("www." + name, StringComparison.Ordinal));
        Assert.Contains("failed", queueLine, StringComparison.Ordinal);
        Assert.Contains("The CA refused: no such host", Assert.Single(failures.Split('\n'), l => l.Contains(certificateId.ToString(), StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("1/50", Assert.Single(budgets.Split('\n'), l => l.Contains($"for {name}", StringComparison.Ordinal)), StringComparison.Ordinal);
        foreach (var view in new[] { "queue", "budgets", "failures" })
        {
            Assert.Equal(Http.Canonical(await admin.GetAsync($"/api/v1/admin/{view}").ExpectAsync(System.Net.HttpStatusCode.OK)),
                Http.Canonical(JsonNode.Parse(await RunOkAsync(fixture.Host.AdminToken, "admin", view, "--json"))!));
        }
        var (code, _, error) = await RunAsync(tenant.Token, "admin", "queue");
        Assert.Equal(1, code);
        Assert.Contains("HTTP 403", error, StringComparison.Ordinal);

        var checkedAgain = await RunOkAsync(tenant.Token, "certificate", "check-again", certificateId.ToString());
        Assert.Contains($"Checking www.{name} again now (it is failed)", checkedAgain, StringComparison.Ordinal);
        Assert.True((await store.Queue.FindAsync(WorkKinds.Issue, certificateId, CancellationToken.None))!.DueAt <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task User_commands_create_list_and_disable_users_with_the_password_from_a_file()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var email = $"cli-{Guid.NewGuid():N}@example.org";
        var passwordFile = Path.Combine(Path.GetTempPath(), $"certsmith-password-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, "correct horse battery\n");
        try
        {
            var created = JsonNode.Parse(await RunOkAsync(tenant.Token, "user", "create", email, "--password-file", passwordFile, "--json"))!;
            var listed = await RunOkAsync(tenant.Token, "user", "list");
            Assert.Contains(email, listed, StringComparison.Ordinal);
            Assert.DoesNotContain("correct horse", listed + created.ToJsonString(), StringComparison.Ordinal);

            Assert.Equal("Disabled.", (await RunOkAsync(tenant.Token, "user", "disable", (string)created["id"]!)).Trim());
            var after = Assert.Single(JsonNode.Parse(await RunOkAsync(tenant.Token, "user", "list", "--json"))!.AsArray())!;
            Assert.NotNull((string?)after["disabledAt"]);

            var adminEmail = $"cli-admin-{Guid.NewGuid():N}@example.org";
            Assert.Contains(adminEmail, await RunOkAsync(fixture.Host.AdminToken, "user", "create", adminEmail, "--admin", "--password-file", passwordFile), StringComparison.Ordinal);
            Assert.Contains(adminEmail, await RunOkAsync(fixture.Host.AdminToken, "user", "list", "--admin"), StringComparison.Ordinal);
            var (code, _, error) = await RunAsync(tenant.Token, "user", "list", "--admin");
            Assert.Equal(1, code);
            Assert.Contains("HTTP 403", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    [Fact]
    public async Task User_set_password_reads_the_new_password_from_a_file_and_it_signs_in()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var email = $"cli-reset-{Guid.NewGuid():N}@example.org";
        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password = "correct horse battery" }).ExpectAsync(System.Net.HttpStatusCode.Created);
        var passwordFile = Path.Combine(Path.GetTempPath(), $"certsmith-password-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, "a password set by the cli\n");
        var users = fixture.Host.Services.GetRequiredService<Certsmith.Core.Platform.UserService>();
        try
        {
            var output = await RunOkAsync(tenant.Token, "user", "set-password", (string)created["id"]!, "--password-file", passwordFile);

            Assert.Contains("Password set", output, StringComparison.Ordinal);
            Assert.DoesNotContain("a password set by the cli", output, StringComparison.Ordinal);
            Assert.NotNull((await users.SignInAsync(email, "a password set by the cli", CancellationToken.None)).User);
            var (code, _, error) = await RunAsync(tenant.Token, "user", "set-password", Guid.NewGuid().ToString(), "--password-file", passwordFile);
            Assert.Equal(1, code);
            Assert.Contains("HTTP 404", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    [Fact]
    public async Task Certificate_upload_sends_pem_files_and_refuses_a_file_too_large_before_sending_it()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        using var ca = new OtherCa("CLI Upload CA");
        var (leaf, key) = ca.Issue(["www." + name]);
        var dir = Directory.CreateTempSubdirectory("certsmith-cli-upload-").FullName;
        try
        {
            using (leaf)
            using (key)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, "chain.pem"), OtherCa.Pem(leaf, ca.Intermediate));
                await File.WriteAllTextAsync(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
            }
            await File.WriteAllBytesAsync(Path.Combine(dir, "huge.pem"), new byte[2 * 1024 * 1024]);

            var uploaded = await RunOkAsync(tenant.Token, "certificate", "upload", "--certificate", Path.Combine(dir, "chain.pem"), "--key", Path.Combine(dir, "key.pem"));
            var before = await tenant.SnapshotAsync();
            var (code, _, error) = await RunAsync(tenant.Token, "certificate", "upload", "--certificate", Path.Combine(dir, "huge.pem"), "--key", Path.Combine(dir, "key.pem"));

            Assert.Contains("Uploaded", uploaded, StringComparison.Ordinal);
            Assert.NotEqual(0, code);
            Assert.Contains("huge.pem is 2048 KiB", error, StringComparison.Ordinal);
            Assert.Equal(before, await tenant.SnapshotAsync());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<string> RunOkAsync(string? token, params string[] args)
    {
        var (code, output, error) = await RunAsync(token, args);
        Assert.True(code == 0, $"certsmith {string.Join(' ', args)} exited {code}: {error}");
        return output;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string? token, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var all = new List<string>(args) { "--url", fixture.Host.BaseAddress.ToString(), "--config", _noConfig };
        if (token is not null)
        {
            all.AddRange(["--token", token]);
        }
        var code = await Program.RunAsync([.. all], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
