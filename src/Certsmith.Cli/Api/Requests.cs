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

internal sealed record CreateCsrRequest(IReadOnlyList<string> Names, string? CommonName, string? Organization, string? OrganizationalUnit, string? Locality, string? State, string? Country, string? Email, string? KeyType);

internal sealed record InstallCertificateRequest(string? Certificate, string? CertificateBase64);

internal sealed record UploadCertificateRequest(string? Certificate, string? PrivateKey, string? Pkcs12Base64, string? Password);

internal sealed record AttachCertificateRequest(IReadOnlyList<string> AddressIds);

internal sealed record WebhookRequest(string? Url);

internal sealed record CreateUserRequest(string Email, string Password);
