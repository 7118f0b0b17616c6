namespace Certsmith.Api.Contracts;

/// <summary>A host name to add to a site.</summary>
/// <param name="Name">The host name (Unicode or A-label, any case); it must lie in one of your proven domains.</param>
public sealed record AddAddressRequest(string? Name);
