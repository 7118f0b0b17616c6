using System.Text.Json.Serialization;

namespace Certsmith.Acme.Resources;

/// <summary>A CA's renewal advice for one certificate (RFC 9773 §4.2).</summary>
public sealed record RenewalInfo
{
    /// <summary>The window in which the CA wants the certificate renewed.</summary>
    [JsonPropertyName("suggestedWindow")] public required RenewalWindow SuggestedWindow { get; init; }

    /// <summary>A page explaining why the window is where it is (e.g. an incident), if any.</summary>
    [JsonPropertyName("explanationURL")] public Uri? ExplanationUrl { get; init; }

    /// <summary>When to ask again: from Retry-After, else the RFC's suggested default poll interval.</summary>
    [JsonIgnore] public DateTimeOffset NextPoll { get; init; }

    /// <summary>
    /// A moment to renew at: uniformly random inside the window, so that a CA's many subscribers do not
    /// arrive together (RFC 9773 §4.2); at once when the window has already passed.
    /// </summary>
    public DateTimeOffset ChooseRenewalTime(DateTimeOffset now, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var (start, end) = (SuggestedWindow.Start, SuggestedWindow.End);
        if (end <= now)
        {
            return now;
        }
        var span = end - start;
        var at = start + TimeSpan.FromTicks((long)(span.Ticks * random.NextDouble()));
        return at < now ? now : at;
    }
}
