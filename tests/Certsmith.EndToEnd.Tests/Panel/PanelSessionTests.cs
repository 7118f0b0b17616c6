using System.Net;
using System.Text.RegularExpressions;

namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>
/// The panel's key ring (it signs session cookies and antiforgery tokens) lives in the data directory, encrypted
/// with the master key: a session survives a restart of the platform, and the files hold no readable key.
/// </summary>
public sealed partial class PanelSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-panel-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_session_survives_a_restart_and_the_key_ring_on_disk_is_encrypted()
    {
        var cookies = new CookieContainer();
        await using (var first = PlatformFixture.Over(_dir))
        {
            await first.InitializeAsync();
            using var client = Client(first, cookies);
            var password = (await File.ReadAllTextAsync(Path.Combine(_dir, "keys", "admin-password"))).Trim();
            var signIn = await client.GetStringAsync("/sign-in");
            using var signedIn = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "admin@certsmith.localhost",
                ["password"] = password,
                ["__csrf"] = WebUtility.HtmlDecode(Token().Match(signIn).Groups[1].Value),
            }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            using var admin = await client.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        }

        var ring = Directory.GetFiles(Path.Combine(_dir, "data", "panel-keys"), "*.xml");
        Assert.NotEmpty(ring);
        foreach (var file in ring)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("certsmithEncrypted", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        }

        await using var second = PlatformFixture.Over(_dir);
        await second.InitializeAsync();
        using var again = Client(second, cookies);
        using var stillSignedIn = await again.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
    }

    private static HttpClient Client(PlatformFixture platform, CookieContainer cookies) =>
        new(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = platform.Platform.ApiUri };

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
