using System.Security.Cryptography;
using System.Text;
using Certsmith.Core.Names;

namespace Certsmith.Core.Policy;

/// <summary>
/// Where an external domain's <c>_acme-challenge.&lt;parent&gt;</c> CNAME points: a label in the platform's challenge zone
/// unique to the tenant and the parent name (so no tenant can point its CNAME at another's answers, and nothing in
/// the label names the tenant).
/// </summary>
public static class DelegationTargets
{
    /// <summary>The target name, e.g. <c>3f9c0d2a7b1e4c6d8a0f.acme-challenges.provider.example</c>.</summary>
    public static string For(Guid tenantId, DnsName parent, DnsName challengeZone)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(challengeZone);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId:N}/{parent.Value}"));
        return $"{Convert.ToHexStringLower(hash, 0, 10)}.{challengeZone.Value}";
    }
}
