using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>Hashes and checks passwords (ASP.NET Core Identity's hasher in the API; Core knows no ASP.NET Core).</summary>
public interface IPasswordHashing
{
    /// <summary>A salted, slow hash of the password (the format names its own algorithm and iterations).</summary>
    string Hash(string password);

    /// <summary>Whether the password matches the stored hash.</summary>
    bool Verify(string hash, string password);
}

/// <summary>The outcome of a sign-in attempt.</summary>
/// <param name="User">The user, when the e-mail and password were right.</param>
/// <param name="RetryAfter">When too many attempts failed: how long until the next may be made.</param>
public sealed record SignInResult(User? User, TimeSpan? RetryAfter);

/// <summary>
/// People who sign in to the panel (issue 7, "Access control"): an e-mail and a password (hashed by
/// <see cref="IPasswordHashing"/>), each user belonging to one tenant or being a platform admin. Repeated failed
/// sign-ins are slowed down per e-mail address and per client (<see cref="SignInThrottle"/>). Thread-safe; the throttle
/// is per node.
/// </summary>
public sealed class UserService(ICertsmithStore store, IPasswordHashing passwords, TimeProvider time)
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 12;

    private readonly SignInThrottle _throttle = new(time);

    /// <summary>A hash of no one's password: checked when there is no user, so an unknown e-mail takes as long as a wrong password.</summary>
    private readonly Lazy<string> _standIn = new(() => passwords.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));

    /// <summary>Creates a user of a tenant (or a platform admin for null); refused with the field when wrong or taken.</summary>
    public async Task<User> CreateUserAsync(Guid? tenantId, string? email, string? password, CancellationToken cancellationToken)
    {
        email = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || email.Count(c => c == '@') != 1 || email.StartsWith('@') || email.EndsWith('@') || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "email", "That is not an e-mail address.");
        }
        CheckNewPassword("password", password);
        if (tenantId is { } tenant && await store.Tenants.GetTenantAsync(tenant, cancellationToken).ConfigureAwait(false) is null)
        {
            throw PlatformInputException.NotFound("tenant");
        }
        var user = new User(Guid.NewGuid(), tenantId, email, passwords.Hash(password), time.GetUtcNow(), null);
        try
        {
            await store.Tenants.AddUserAsync(user, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "email", $"{email} already has an account.");
        }
        return user;
    }

    /// <summary>
    /// A signed-in user changes their own password. The current one is checked first, counted by the same throttle as
    /// sign-ins for the user's e-mail address (a stolen session must not become a way to guess the password faster
    /// than the sign-in page allows): wrong or throttled is refused on <c>currentPassword</c>. The new one follows the
    /// rules of <see cref="CreateUserAsync"/> and must differ from the current one (<c>newPassword</c>). The new hash
    /// is stored with a new session stamp, so every session of the user ends; returns the user as stored, for the
    /// caller to renew its own session with the new stamp.
    /// </summary>
    public async Task<User> ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword, CancellationToken cancellationToken)
    {
        var user = await store.Tenants.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is not { DisabledAt: null })
        {
            throw PlatformInputException.NotFound("user");
        }
        if (string.IsNullOrEmpty(currentPassword))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "currentPassword", "Type your current password.");
        }
        CheckNewPassword("newPassword", newPassword);
        if (string.Equals(newPassword, currentPassword, StringComparison.Ordinal))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "newPassword", "The new password is the current one; choose another.");
        }
        if (_throttle.TryBegin(user.Email, null) is { } wait)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "currentPassword",
                $"Too many wrong passwords for this account. Try again in {Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)} seconds.");
        }
        if (!passwords.Verify(user.PasswordHash, currentPassword))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "currentPassword", "That is not your current password.");
        }
        _throttle.Succeeded(user.Email);
        return await StoreCredentialsAsync(user, newPassword, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the password of a tenant's user (a platform admin for null), for one who lost theirs: by the tenant or a
    /// platform admin, no current password asked. Scoped like <see cref="DisableUserAsync"/> (another tenant's user is
    /// not found). Every session of the user ends. The password follows the rules of <see cref="CreateUserAsync"/>.
    /// </summary>
    public async Task SetPasswordAsync(Guid? tenantId, Guid userId, string? password, CancellationToken cancellationToken)
    {
        var user = await store.Tenants.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is null || user.TenantId != tenantId)
        {
            throw PlatformInputException.NotFound("user");
        }
        CheckNewPassword("password", password);
        await StoreCredentialsAsync(user, password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Sign out everywhere": a new session stamp ends every panel session of the user, this one included.</summary>
    public async Task EndSessionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (!await store.Tenants.UpdateSessionStampAsync(userId, User.NewSessionStamp(), cancellationToken).ConfigureAwait(false))
        {
            throw PlatformInputException.NotFound("user");
        }
    }

    /// <summary>A tenant's users (platform admins for null).</summary>
    public Task<IReadOnlyList<User>> ListUsersAsync(Guid? tenantId, CancellationToken cancellationToken) => store.Tenants.ListUsersAsync(tenantId, cancellationToken);

    /// <summary>
    /// Disables a user of a tenant (a platform admin for null): from now on the user cannot sign in (the record stays,
    /// so the e-mail address stays taken and the history keeps its meaning). Not-found for a user of another tenant, or
    /// a tenant's user named as an admin and the other way round. Disabling a disabled user changes nothing. The last
    /// platform admin who can still sign in is not disabled: the panel would have no one left to manage the platform.
    /// Returns the user as stored.
    /// </summary>
    public async Task<User> DisableUserAsync(Guid? tenantId, Guid userId, CancellationToken cancellationToken)
    {
        var users = await store.Tenants.ListUsersAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var user = users.FirstOrDefault(u => u.Id == userId) ?? throw PlatformInputException.NotFound("user");
        if (user.DisabledAt is not null)
        {
            return user;
        }
        if (tenantId is null && !users.Any(u => u.Id != userId && u.DisabledAt is null))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "userId",
                "This is the last platform admin who can sign in; add another before disabling this one.");
        }
        var at = time.GetUtcNow();
        if (!await store.Tenants.DisableUserAsync(userId, at, cancellationToken).ConfigureAwait(false))
        {
            throw PlatformInputException.NotFound("user");
        }
        // Read back: a disable racing this one may have stored the earlier moment.
        return await store.Tenants.FindUserByEmailAsync(user.Email, cancellationToken).ConfigureAwait(false) ?? user with { DisabledAt = at };
    }

    /// <summary>
    /// Checks an e-mail and password. Unknown e-mail, wrong password and a disabled user all fail alike, and take as
    /// long (a password is checked against a stand-in hash when there is no user), so nothing tells which; a throttled
    /// address or client is refused before its password is even looked at (<see cref="SignInThrottle"/>).
    /// </summary>
    /// <param name="email">The e-mail typed.</param>
    /// <param name="password">The password typed.</param>
    /// <param name="client">The client's network address, when known, for the per-client throttle.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<SignInResult> SignInAsync(string? email, string? password, string? client, CancellationToken cancellationToken)
    {
        var key = email?.Trim().ToLowerInvariant() ?? "";
        if (_throttle.TryBegin(key, client) is { } wait)
        {
            return new SignInResult(null, wait);
        }
        var user = key.Length == 0 ? null : await store.Tenants.FindUserByEmailAsync(key, cancellationToken).ConfigureAwait(false);
        var hash = user is { DisabledAt: null } ? user.PasswordHash : _standIn.Value;
        var matches = passwords.Verify(hash, password ?? "");
        if (matches && user is { DisabledAt: null })
        {
            _throttle.Succeeded(key);
            return new SignInResult(user, null);
        }
        return new SignInResult(null, null);
    }

    /// <summary>Checks an e-mail and password without a client address (see the other overload).</summary>
    public Task<SignInResult> SignInAsync(string? email, string? password, CancellationToken cancellationToken) =>
        SignInAsync(email, password, null, cancellationToken);

    private static void CheckNewPassword(string field, [System.Diagnostics.CodeAnalysis.NotNull] string? password)
    {
        // 1024: a hash of megabytes of "password" would be a cheap way to keep the server busy.
        if (password is null || password.Length < MinPasswordLength || password.Length > 1024)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, field, $"A password has at least {MinPasswordLength} characters.");
        }
    }

    private async Task<User> StoreCredentialsAsync(User user, string password, CancellationToken cancellationToken)
    {
        var changed = user with { PasswordHash = passwords.Hash(password), SessionStamp = User.NewSessionStamp() };
        if (!await store.Tenants.UpdateUserCredentialsAsync(user.Id, changed.PasswordHash, changed.SessionStamp, cancellationToken).ConfigureAwait(false))
        {
            throw PlatformInputException.NotFound("user");
        }
        return changed;
    }
}
