using System.Net;

namespace Certsmith.Acme.Http;

/// <summary>One answer from the CA, read in full, with the headers ACME gives meaning to.</summary>
internal sealed record AcmeResponse(
    HttpStatusCode Status,
    byte[] Body,
    string? ContentType,
    Uri? Location,
    DateTimeOffset? RetryAfter,
    IReadOnlyList<(Uri Url, string Rel)> Links)
{
    public IReadOnlyList<Uri> LinksWithRel(string rel) =>
        Links.Where(l => string.Equals(l.Rel, rel, StringComparison.OrdinalIgnoreCase)).Select(l => l.Url).ToList();
}
