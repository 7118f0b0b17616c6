namespace Certsmith.Api.Contracts;

/// <summary>A tenant.</summary>
/// <param name="Id">Stable identifier.</param>
/// <param name="Name">Display name.</param>
/// <param name="WildcardThreshold">Its own wildcard threshold, or null for the platform's.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="WebhookUrl">Where warnings are POSTed, or null.</param>
public sealed record TenantResponse(Guid Id, string Name, int? WildcardThreshold, DateTimeOffset CreatedAt, string? WebhookUrl);
