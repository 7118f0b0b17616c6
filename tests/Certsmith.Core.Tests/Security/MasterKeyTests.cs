using System.Security.Cryptography;
using System.Text;
using Certsmith.Core.Security;

namespace Certsmith.Core.Tests.Security;

public sealed class MasterKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("certsmith-key-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_key_file_is_created_once_readable_by_its_owner_only_and_read_back()
    {
        var path = Path.Combine(_dir, "keys", "master.key");

        var first = MasterKeyFile.LoadOrCreate(path);
        var second = MasterKeyFile.LoadOrCreate(path);

        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void A_key_file_others_can_read_is_refused()
    {
        var path = Path.Combine(_dir, "master.key");
        MasterKeyFile.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var e = Assert.Throws<InvalidOperationException>(() => MasterKeyFile.LoadOrCreate(path));
        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protected_secrets_round_trip_and_are_bound_to_their_purpose()
    {
        var protector = new MasterKeyProtector(RandomNumberGenerator.GetBytes(32));
        var secret = Encoding.UTF8.GetBytes("-----BEGIN PRIVATE KEY-----");

        var sealed1 = protector.Protect(secret, "certificate-key:1");

        Assert.Equal(secret, protector.Unprotect(sealed1, "certificate-key:1"));
        Assert.DoesNotContain("PRIVATE", Encoding.UTF8.GetString(sealed1), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealed1, "certificate-key:2"));
        Assert.ThrowsAny<CryptographicException>(() => new MasterKeyProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(sealed1, "certificate-key:1"));
        sealed1[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealed1, "certificate-key:1"));
    }
}
