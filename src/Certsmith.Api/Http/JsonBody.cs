using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Api.Http;

/// <summary>
/// Reads a JSON request body strictly: malformed JSON, an empty body and unknown fields are refused with a
/// message that says which (RFC 8259 text; unknown members are errors so that a misspelt field is not ignored).
/// Read here rather than by parameter binding so that every refusal is an ordinary problem document.
/// </summary>
internal static partial class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw Malformed("body", "Send the request body as JSON with Content-Type: application/json.");
        }
        T? value;
        try
        {
            value = await request.ReadFromJsonAsync<T>(Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw Describe(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            throw Malformed("body", limit is { } bytes
                ? $"The request body is too large: at most {bytes / 1024} KiB."
                : "The request body is too large.");
        }
        return value ?? throw Malformed("body", "The request body is null; send a JSON object.");
    }

    private static PlatformInputException Describe(JsonException e)
    {
        var message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && Quoted().Match(message) is { Success: true } unknown)
        {
            var field = unknown.Groups[1].Value;
            return Malformed(field, $"Unknown field \"{field}\": this request does not take it.");
        }
        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return Malformed("body", "The request body is empty; send a JSON object.");
        }
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path.TrimStart('$', '.');
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return path is null
                ? Malformed("body", "The request body must be a JSON object.")
                : Malformed(path, $"The field \"{path}\" has a value of the wrong type.");
        }
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        return Malformed("body", $"The request body is not valid JSON{where}.");
    }

    private static PlatformInputException Malformed(string field, string message) => new(PlatformInputError.Invalid, field, message);

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
