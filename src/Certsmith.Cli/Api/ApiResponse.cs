using System.Text.Json.Nodes;

namespace Certsmith.Cli.Api;

/// <summary>An answer of the API: the raw JSON text (for <c>--json</c>) and its parsed form (null for an empty body).</summary>
internal sealed record ApiResponse(string Text, JsonNode? Json)
{
    public JsonNode Body => Json ?? throw new ApiException("the API answered with an empty body");
}
