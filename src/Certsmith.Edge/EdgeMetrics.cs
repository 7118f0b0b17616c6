using System.Diagnostics.Metrics;

namespace Certsmith.Edge;

/// <summary>The edge's counters (meter <see cref="MeterName"/>), created through the host's <see cref="IMeterFactory"/>. Thread-safe.</summary>
internal sealed class EdgeMetrics
{
    /// <summary>The meter's name, for listeners and exporters.</summary>
    public const string MeterName = "Certsmith.Edge";

    /// <summary>TLS-ALPN-01 validation handshakes, tagged <c>outcome</c> = <c>answered</c> or <c>refused</c>.</summary>
    public const string AcmeTlsHandshakes = "certsmith.edge.acme_tls.handshakes";

    private readonly Counter<long> _acmeTlsHandshakes;

    public EdgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _acmeTlsHandshakes = meter.CreateCounter<long>(AcmeTlsHandshakes, "{handshake}", "Handshakes offering acme-tls/1 (RFC 8737), answered with a validation certificate or refused.");
    }

    public void AcmeTlsHandshake(bool answered) =>
        _acmeTlsHandshakes.Add(1, new KeyValuePair<string, object?>("outcome", answered ? "answered" : "refused"));
}
