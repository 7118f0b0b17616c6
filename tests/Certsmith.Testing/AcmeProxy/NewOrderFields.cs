using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>The newOrder payload fields Pebble 2.4.0 ignores, read from the flattened JWS without changing it.</summary>
internal sealed record NewOrderFields(string? Profile, string? Replaces)
{
    /// <summary>Null when the body is no flattened JWS with a JSON payload; Pebble then reports that itself.</summary>
    public static NewOrderFields? TryRead(byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject jws || jws["payload"] is not JsonValue payloadValue
                || !payloadValue.TryGetValue(out string? encoded))
            {
                return null;
            }

            if (JsonNode.Parse(Base64Url.DecodeFromChars(encoded)) is not JsonObject payload)
            {
                return null;
            }

            return new NewOrderFields(StringField(payload, "profile"), StringField(payload, "replaces"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? StringField(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
