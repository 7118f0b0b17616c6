using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Certsmith.Api.Tests;

/// <summary>Small helpers to talk JSON to the API and read its answers.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("null JSON");

    /// <summary>Asserts a status and returns the body as JSON.</summary>
    public static async Task<JsonNode> ExpectAsync(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem document with this status and returns it.</summary>
    public static async Task<Problem> ExpectProblemAsync(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonNode.Parse(text)!;
        Assert.False(string.IsNullOrEmpty((string?)json["type"]));
        Assert.False(string.IsNullOrEmpty((string?)json["title"]));
        Assert.Equal((int)status, (int)json["status"]!);
        var detail = (string?)json["detail"];
        Assert.False(string.IsNullOrEmpty(detail));
        var errors = json["errors"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.AsArray().Select(v => (string)v!).ToArray()) ?? [];
        return new Problem(detail!, errors, text);
    }

    public static async Task<string> GetTextAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public static string Canonical(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}

/// <summary>A problem document as a test reads it.</summary>
public sealed record Problem(string Detail, IReadOnlyDictionary<string, string[]> Errors, string Raw);
