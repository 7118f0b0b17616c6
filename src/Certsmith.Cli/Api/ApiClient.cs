using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Certsmith.Cli.Api;

/// <summary>
/// The REST API over HTTP: JSON in, the raw JSON text out (for <c>--json</c>) and parsed. Problem documents
/// (RFC 9457) become an <see cref="ApiException"/> with one line saying what was wrong.
/// </summary>
internal sealed class ApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResponse> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResponse> PostAsync(string path, object? body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResponse> PutAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<ApiResponse> PatchAsync(string path, object body, CancellationToken cancellationToken) => SendAsync(HttpMethod.Patch, path, body, cancellationToken);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public static HttpClient CreateHttpClient(Uri baseAddress, string? token, HttpMessageHandler? handler)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = baseAddress;
        http.Timeout = TimeSpan.FromSeconds(100);
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException($"cannot reach the API at {http.BaseAddress}: {e.Message}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ApiException(Describe((int)response.StatusCode, response.ReasonPhrase, text));
            }
            return new ApiResponse(text, text.Length == 0 ? null : Parse(text));
        }
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new ApiException("the API answered something that is not JSON", e);
        }
    }

    /// <summary>A problem document as one line: its detail, then the field messages that add to it, then the status.</summary>
    private static string Describe(int status, string? reason, string text)
    {
        string? detail = null;
        string? title = null;
        var fields = new List<string>();
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                detail = (string?)problem["detail"];
                title = (string?)problem["title"];
                if (problem["errors"] is JsonObject errors)
                {
                    fields.AddRange(errors.SelectMany(e => e.Value?.AsArray().Select(v => (string?)v) ?? []).OfType<string>().Where(m => m != detail));
                }
            }
        }
        catch (JsonException)
        {
            // Not a problem document: fall back to the status line.
        }
        var message = string.Join(" ", new[] { detail ?? title ?? reason ?? "request failed" }.Concat(fields));
        return $"{OneLine(message)} (HTTP {status})";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
