using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace Certsmith.Api.Authentication;

/// <summary>Passwords hashed with ASP.NET Core Identity's hasher (PBKDF2 with HMAC-SHA512, 100,000 iterations, salted).</summary>
internal sealed class IdentityPasswordHashing : IPasswordHashing
{
    private readonly PasswordHasher<User> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string hash, string password) =>
        _hasher.VerifyHashedPassword(null!, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}
