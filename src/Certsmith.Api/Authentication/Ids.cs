using Certsmith.Core.Platform;

namespace Certsmith.Api.Authentication;

/// <summary>Route ids: a value that is not a GUID names nothing, so it is "not found" with a message that says why.</summary>
internal static class Ids
{
    public static Guid Parse(string raw, string what) =>
        Guid.TryParse(raw, out var id)
            ? id
            : throw new PlatformInputException(PlatformInputError.NotFound, "id", $"No such {what}: \"{Shorten(raw)}\" is not a {what} id (a GUID).");

    private static string Shorten(string raw) => raw.Length > 60 ? raw[..60] + "…" : raw;
}
