using System.Security.Cryptography;
using Certsmith.Host;
using Microsoft.Extensions.Configuration;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Settings are ordinary configuration, checked at start with every error reported at once.</summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_configuration_error_is_reported_at_once_and_nothing_starts()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => CertsmithPlatform.StartAsync([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Certsmith:DataDirectory"] = Path.Combine(_dir, "data"),
            ["Certsmith:MasterKeyFile"] = Path.Combine(_dir, "data", "master.key"),
            ["Certsmith:ApiUrl"] = "ftp://nowhere",
            ["Acme:DirectoryUrl"] = "http://insecure.example/dir",
            ["Edge:BindAddress"] = "not-an-ip",
            ["Platform:WildcardThreshold"] = "1",
            ["Backends:AllowedNetworks:0"] = "10.0.0.0/33",
            ["Certsmith:AdminEmail"] = "admin@",
            ["Certsmith:TrustedProxies:0"] = "proxy.example",
        }), CancellationToken.None));

        Assert.StartsWith("Invalid configuration", e.Message, StringComparison.Ordinal);
        foreach (var setting in new[] { "MasterKeyFile", "ApiUrl", "DirectoryUrl", "BindAddress", "WildcardThreshold", "AllowedNetworks", "AdminEmail", "TrustedProxies" })
        {
            Assert.Contains(setting, e.Message, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")));
    }

    [Fact]
    public async Task A_master_key_given_in_configuration_is_used_instead_of_a_file()
    {
        var keyFile = Path.Combine(_dir, "keys", "master.key");
        var platform = await CertsmithPlatform.StartAsync([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Certsmith:DataDirectory"] = Path.Combine(_dir, "data"),
            ["Certsmith:MasterKeyFile"] = keyFile,
            ["Certsmith:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Certsmith:AdminTokenFile"] = Path.Combine(_dir, "keys", "admin-token"),
            ["Certsmith:AdminPasswordFile"] = Path.Combine(_dir, "keys", "admin-password"),
            ["Logging:LogLevel:Default"] = "Warning",
        }), CancellationToken.None);
        await platform.DisposeAsync();

        Assert.False(File.Exists(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "keys", "admin-token")));
    }
}
