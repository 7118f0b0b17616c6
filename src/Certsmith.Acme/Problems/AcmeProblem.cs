using System.Text.Json.Serialization;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Problems;

/// <summary>
/// A problem document (RFC 7807 / RFC 9457) as an ACME server sends it (RFC 8555 §6.7), with the
/// identifier-specific subproblems of §6.7.1.
/// </summary>
public sealed record AcmeProblem
{
    /// <summary>The problem type URI, e.g. <c>urn:ietf:params:acme:error:rateLimited</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init => field = value ?? "about:blank"; } = "about:blank";

    /// <summary>The CA's human-readable explanation.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    /// <summary>The HTTP status the CA gave in the document, if any.</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>The instance URI (e.g. a page the user must visit for userActionRequired, §7.3.3).</summary>
    [JsonPropertyName("instance")]
    public string? Instance { get; init; }

    /// <summary>The identifier a subproblem is about (§6.7.1).</summary>
    [JsonPropertyName("identifier")]
    public AcmeIdentifier? Identifier { get; init; }

    /// <summary>Subproblems, one per identifier that failed (§6.7.1).</summary>
    [JsonPropertyName("subproblems")]
    public IReadOnlyList<AcmeProblem> Subproblems { get; init => field = value ?? []; } = [];

    /// <summary>The ACME error name without the URN prefix (e.g. "rateLimited"), or the type as given.</summary>
    [JsonIgnore]
    public string ErrorName => Type.StartsWith(AcmeErrorTypes.Prefix, StringComparison.Ordinal) ? Type[AcmeErrorTypes.Prefix.Length..] : Type;

    /// <summary>Whether this is one of the error types of §6.7.</summary>
    public bool Is(string acmeErrorName) => string.Equals(ErrorName, acmeErrorName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString()
    {
        var text = Identifier is null ? $"{ErrorName}: {Detail}" : $"{ErrorName} ({Identifier}): {Detail}";
        return Subproblems.Count == 0 ? text : $"{text} [{string.Join("; ", Subproblems)}]";
    }
}
