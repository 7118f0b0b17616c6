using System.Text.Json.Nodes;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>An ACME problem document (RFC 8555 §6.7, RFC 7807) the proxy answers itself.</summary>
internal sealed record AcmeProblem(int Status, string Type, string Detail)
{
    public const string ContentType = "application/problem+json";

    public static AcmeProblem Malformed(string detail) => new(400, "urn:ietf:params:acme:error:malformed", detail);

    public static AcmeProblem NotFound(string detail) => new(404, "urn:ietf:params:acme:error:malformed", detail);

    /// <summary>draft-ietf-acme-profiles §4.</summary>
    public static AcmeProblem InvalidProfile(string detail) => new(400, "urn:ietf:params:acme:error:invalidProfile", detail);

    /// <summary>RFC 9773 §5, §7.4.</summary>
    public static AcmeProblem AlreadyReplaced(string detail) => new(409, "urn:ietf:params:acme:error:alreadyReplaced", detail);

    public byte[] ToJson() =>
        System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["type"] = Type, ["detail"] = Detail, ["status"] = Status }.ToJsonString());
}
