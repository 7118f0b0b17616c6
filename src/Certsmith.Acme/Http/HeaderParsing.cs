using System.Net.Http.Headers;

namespace Certsmith.Acme.Http;

/// <summary>The header formats ACME relies on: Retry-After (RFC 9110 §10.2.3) and Link (RFC 8288).</summary>
internal static class HeaderParsing
{
    /// <summary>Retry-After as an absolute moment: delay-seconds from <paramref name="now"/>, or an HTTP-date.</summary>
    public static DateTimeOffset? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var value = headers.RetryAfter;
        if (value is null)
        {
            return null;
        }
        if (value.Delta is { } delta)
        {
            return now + (delta < TimeSpan.Zero ? TimeSpan.Zero : delta);
        }
        return value.Date;
    }

    /// <summary>Every <c>Link</c> header value as (URL resolved against the request, rel).</summary>
    public static IReadOnlyList<(Uri Url, string Rel)> Links(HttpResponseHeaders headers, Uri requestUrl)
    {
        if (!headers.TryGetValues("Link", out var values))
        {
            return [];
        }
        var links = new List<(Uri, string)>();
        foreach (var header in values)
        {
            foreach (var part in SplitLinks(header))
            {
                var open = part.IndexOf('<', StringComparison.Ordinal);
                var close = part.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }
                var target = part[(open + 1)..close];
                var rel = RelOf(part[(close + 1)..]);
                if (rel is not null && Uri.TryCreate(requestUrl, target, out var url))
                {
                    links.Add((url, rel));
                }
            }
        }
        return links;
    }

    private static IEnumerable<string> SplitLinks(string header)
    {
        // Commas separate link-values, but may not appear inside <...> or quotes.
        var start = 0;
        var (inUri, inQuotes) = (false, false);
        for (var i = 0; i < header.Length; i++)
        {
            switch (header[i])
            {
                case '<' when !inQuotes: inUri = true; break;
                case '>' when !inQuotes: inUri = false; break;
                case '"' when !inUri: inQuotes = !inQuotes; break;
                case ',' when !inUri && !inQuotes:
                    yield return header[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return header[start..];
    }

    private static string? RelOf(string parameters)
    {
        foreach (var p in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && p[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                return p[(eq + 1)..].Trim().Trim('"');
            }
        }
        return null;
    }
}
