using System.Text;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Private keys are encrypted at rest: the data directory alone exposes none, and the API never returns one.</summary>
public sealed class KeysAtRestTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task After_issuance_no_file_of_the_data_directory_and_no_api_answer_holds_a_private_key()
    {
        var tenant = await fixture.TenantWithDomainsAsync("keys.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "k" });
        var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "k.keys.example" });
        await fixture.WaitForValidAsync(tenant, ["k.keys.example"], TimeSpan.FromSeconds(90));

        var dataDirectory = Path.GetDirectoryName(Path.GetDirectoryName(fixture.Platform.AdminTokenFile))!;
        var files = Directory.GetFiles(Path.Combine(dataDirectory, "data"), "*", SearchOption.AllDirectories);
        var contents = new List<string>();
        foreach (var file in files)
        {
            contents.Add(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }
        // The certificate chains are there in the clear (they are public): proof these are the right files.
        Assert.Contains(contents, c => c.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal));
        Assert.All(contents, c => Assert.DoesNotContain("PRIVATE KEY", c, StringComparison.Ordinal));
        var certificate = (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray()[0]!;
        var answers = new[]
        {
            (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).ToJsonString(),
            (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates/{certificate["id"]}")).ToJsonString(),
            (await fixture.GetAsync($"/api/v1/tenants/{tenant}/addresses/{address["id"]}")).ToJsonString(),
            (await fixture.GetAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}")).ToJsonString(),
        };
        Assert.All(answers, a => Assert.DoesNotContain("PRIVATE KEY", a, StringComparison.Ordinal));
    }
}
