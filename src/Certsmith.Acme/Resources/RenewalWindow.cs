using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>The suggested renewal window (RFC 9773 §4.2).</summary>
/// <param name="Start">Start of the window.</param>
/// <param name="End">End of the window (after start).</param>
public sealed record RenewalWindow(
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset End);
