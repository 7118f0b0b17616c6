namespace Certsmith.Api.Contracts;

/// <summary>A new API token.</summary>
/// <param name="Name">What the token is for (e.g. "deploy script").</param>
public sealed record CreateTokenRequest(string? Name);
