using System.Security.Cryptography;
using Certsmith.Core.Platform;

namespace Certsmith.Host;

/// <summary>
/// The first start creates a platform admin for the panel, with a generated password written once to a file readable
/// by its owner only (like <see cref="AdminToken"/>): no default password ever exists. Later starts leave users alone.
/// </summary>
internal static partial class AdminUser
{
    private const int PasswordBytes = 18; // 24 base64url characters, 144 bits

    public static async Task EnsureAsync(UserService users, string email, string path, ILogger logger, CancellationToken cancellationToken)
    {
        if ((await users.ListUsersAsync(null, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return;
        }
        var password = Base64Url(RandomNumberGenerator.GetBytes(PasswordBytes));
        // The file first: a write that fails (full disk, no permission) must not leave an admin whose password no one
        // has. An old file (from a database since deleted) is removed, not overwritten, so the new one is created
        // afresh with mode 0600 rather than keeping whatever owner and mode the old one had.
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        await SecretFile.WriteAsync(path, password, cancellationToken).ConfigureAwait(false);
        try
        {
            var user = await users.CreateUserAsync(null, email, password, cancellationToken).ConfigureAwait(false);
            LogWritten(logger, user.Email, Path.GetFullPath(path));
        }
        catch
        {
            // No admin was made with it: a file holding a password nobody uses would only mislead.
            File.Delete(path);
            throw;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "First start: the panel's platform admin is {Email}; its password was written to {Path} (readable by you only). It is not shown again: sign in, change it on the panel's Account page (/account), then delete the file.")]
    private static partial void LogWritten(ILogger logger, string email, string path);
}
