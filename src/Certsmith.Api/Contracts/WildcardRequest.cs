namespace Certsmith.Api.Contracts;

/// <summary>A wildcard the tenant asks for, or a parent name to delegate.</summary>
/// <param name="Parent">The parent name: <c>example.org</c> (or <c>*.example.org</c>) for <c>*.example.org</c>.</param>
public sealed record WildcardRequest(string? Parent);
