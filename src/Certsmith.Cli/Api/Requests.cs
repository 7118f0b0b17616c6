namespace Certsmith.Cli.Api;

// The CLI's own request shapes: it knows the API only as JSON over HTTP, never Core's types.

internal sealed record CreateTenantRequest(string Name, int? WildcardThreshold);

internal sealed record CreateTokenRequest(string Name);

internal sealed record AddDomainRequest(string Name, string Kind);

internal sealed record CreateSiteRequest(string Name, string? Backend);

internal sealed record UpdateSiteRequest(string? Backend);

internal sealed record AddAddressRequest(string Name);

internal sealed record UpdateTenantRequest(int? WildcardThreshold);

internal sealed record WildcardRequest(string Parent);

internal sealed record SiteHttpsRequest(bool ForceHttps, long? HstsMaxAgeSeconds, bool HstsIncludeSubDomains, bool HstsPreload);
