using System.Collections.Concurrent;
using System.Globalization;

namespace Certsmith.Bench.Issuance;

/// <summary>Counts requests by the first segment of their path (Pebble: order-plz, authZ, chalZ, my-order, ...).</summary>
internal sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public int Count(string kind) => _counts.TryGetValue(kind, out var c) ? c : 0;

    public void Reset()
    {
        _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        Interlocked.Exchange(ref _total, 0);
    }

    public string Describe(int perCertificates) => string.Join(
        ' ',
        _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}:{kv.Value / (double)perCertificates:F2}")));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "/";
        var end = path.IndexOf('/', 1);
        var kind = (end < 0 ? path[1..] : path[1..end]) + (request.Method == HttpMethod.Head ? "(HEAD)" : string.Empty);
        _counts.AddOrUpdate(kind, 1, static (_, c) => c + 1);
        Interlocked.Increment(ref _total);
        return base.SendAsync(request, cancellationToken);
    }
}
