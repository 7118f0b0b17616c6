namespace Certsmith.Core.Tenancy;

/// <summary>A customer account of the platform.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">Display name, unique on the platform.</param>
/// <param name="WildcardThreshold">This tenant's wildcard threshold, or null for the platform's setting (DESIGN.md rule 2).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record Tenant(Guid Id, string Name, int? WildcardThreshold, DateTimeOffset CreatedAt)
{
    /// <summary>Where the platform POSTs warnings for the tenant (custom certificates about to expire), or null.</summary>
    public Uri? WebhookUrl { get; init; }
}
