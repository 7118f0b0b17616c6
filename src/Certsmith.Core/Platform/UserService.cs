using System.Collections.Concurrent;
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
/// sign-ins for one e-mail address are slowed down: after 5 in a row, each further attempt must wait twice as long as the
/// last (1 s, 2 s, … up to 15 min), whether the password is right or not. Thread-safe; the throttle is per node.
/// </summary>
public sealed class UserService(ICertsmithStore store, IPasswordHashing passwords, TimeProvider time)
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 12;

    private const int FreeFailures = 5;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset NotBefore)> _failures = new(StringComparer.Ordinal);

    /// <summary>Creates a user of a tenant (or a platform admin for null); refused with the field when wrong or taken.</summary>
    public async Task<User> CreateUserAsync(Guid? tenantId, string? email, string? password, CancellationToken cancellationToken)
    {
        email = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(email) || email.Length > 254 || email.Count(c => c == '@') != 1 || email.StartsWith('@') || email.EndsWith('@') || email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "email", "That is not an e-mail address.");
        }
        if (password is null || password.Length < MinPasswordLength || password.Length > 1024)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "password", $"A password has at least {MinPasswordLength} characters.");
        }
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
    /// Checks an e-mail and password. Unknown e-mail, wrong password and a disabled user all fail alike (nothing tells
    /// which); a throttled address is refused before its password is even looked at.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var key = email?.Trim().ToLowerInvariant() ?? "";
        var now = time.GetUtcNow();
        if (_failures.TryGetValue(key, out var record) && record.NotBefore > now)
        {
            return new SignInResult(null, record.NotBefore - now);
        }
        var user = key.Length == 0 ? null : await store.Tenants.FindUserByEmailAsync(key, cancellationToken).ConfigureAwait(false);
        var ok = user is { DisabledAt: null } && password is not null && passwords.Verify(user.PasswordHash, password);
        if (ok)
        {
            _failures.TryRemove(key, out _);
            return new SignInResult(user, null);
        }
        var failures = (_failures.TryGetValue(key, out var previous) ? previous.Failures : 0) + 1;
        var wait = failures <= FreeFailures ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, failures - FreeFailures - 1), MaxWait.TotalSeconds));
        _failures[key] = (failures, now + wait);
        return new SignInResult(null, null);
    }
}
