namespace Certsmith.Api.Contracts;

/// <summary>The tenant's webhook for warnings (custom certificates about to expire).</summary>
/// <param name="Url">An absolute http(s) URL the platform POSTs JSON to, or null to remove it.</param>
public sealed record WebhookRequest(string? Url);
