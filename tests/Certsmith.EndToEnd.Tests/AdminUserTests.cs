using System.Security.Cryptography;
using Certsmith.Core.Platform;
using Certsmith.Host;
using Certsmith.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// The first start's platform admin: its password file is written before the admin exists, afresh and readable by
/// its owner only, so a failed write leaves no admin whose password nobody has.
/// </summary>
public sealed class AdminUserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-admin-user-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_old_password_file_is_replaced_by_a_fresh_owner_only_one_whose_password_signs_in()
    {
        var path = Path.Combine(_dir, "keys", "admin-password");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "a password from a database since deleted\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var platform = await StartAsync(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var password = (await File.ReadAllTextAsync(path)).Trim();
        Assert.NotEqual("a password from a database since deleted", password);
        var users = platform.Services.GetRequiredService<UserService>();
        Assert.NotNull((await users.SignInAsync("admin@certsmith.localhost", password, CancellationToken.None)).User);
    }

    [Fact]
    public async Task A_password_file_that_cannot_be_written_leaves_no_admin()
    {
        // The file's folder would have to be this file: nothing can be written there.
        var blocker = Path.Combine(_dir, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");

        await Assert.ThrowsAnyAsync<IOException>(() => StartAsync(Path.Combine(blocker, "admin-password")));

        // It got as far as the admin: the admin token, made just before, is there.
        Assert.True(File.Exists(Path.Combine(_dir, "keys", "admin-token")));
        var store = new SqliteStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_dir, "data", "certsmith.db") });
        Assert.Empty(await store.Tenants.ListUsersAsync(null, CancellationToken.None));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private Task<CertsmithPlatform> StartAsync(string adminPasswordFile) =>
        CertsmithPlatform.StartAsync([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Certsmith:DataDirectory"] = Path.Combine(_dir, "data"),
            ["Certsmith:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Certsmith:AdminTokenFile"] = Path.Combine(_dir, "keys", "admin-token"),
            ["Certsmith:AdminPasswordFile"] = adminPasswordFile,
            ["Logging:LogLevel:Default"] = "Warning",
        }), CancellationToken.None);
}
