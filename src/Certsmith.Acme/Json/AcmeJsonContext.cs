using System.Text.Json;
using System.Text.Json.Serialization;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Json;

/// <summary>Source-generated JSON for every resource the CA returns: no reflection per request.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(AcmeDirectory))]
[JsonSerializable(typeof(AcmeAccount))]
[JsonSerializable(typeof(AcmeOrder))]
[JsonSerializable(typeof(AcmeAuthorization))]
[JsonSerializable(typeof(AcmeChallenge))]
[JsonSerializable(typeof(AcmeProblem))]
[JsonSerializable(typeof(RenewalInfo))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext
{
    /// <summary>Tolerant of status values newer than this library: they read as <see cref="AcmeStatus.Unknown"/>.</summary>
    public static AcmeJsonContext Tolerant { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowTrailingCommas = true,
        Converters = { new StatusConverter() },
    });

    private sealed class StatusConverter : JsonConverter<AcmeStatus>
    {
        public override AcmeStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Enum.TryParse<Resources.AcmeStatus>(reader.GetString(), ignoreCase: true, out var s) ? s : Resources.AcmeStatus.Unknown;

        public override void Write(Utf8JsonWriter writer, AcmeStatus value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString().ToLowerInvariant());
    }
}
