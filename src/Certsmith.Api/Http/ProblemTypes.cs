namespace Certsmith.Api.Http;

/// <summary>
/// The RFC 9457 problem types the API answers. Tag URIs (RFC 4151), as RFC 9457 §3.1.1 suggests for types
/// that are identifiers rather than pages.
/// </summary>
internal static class ProblemTypes
{
    private const string Prefix = "tag:certsmith,2025:problem/";

    public const string InvalidInput = Prefix + "invalid-input";
    public const string NotFound = Prefix + "not-found";
    public const string Conflict = Prefix + "conflict";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
}
