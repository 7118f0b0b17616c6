namespace Certsmith.Api.Contracts;

/// <summary>A domain to hold.</summary>
/// <param name="Name">The domain name (Unicode or A-label, any case).</param>
/// <param name="Kind">"hostedZone" (DNS served by the platform) or "external".</param>
public sealed record AddDomainRequest(string? Name, string? Kind);
