using System.Globalization;
using Certsmith.Core.Certificates;

namespace Certsmith.Panel.Infrastructure;

/// <summary>How the panel writes moments, spans and states: UTC, ISO-like, the same everywhere.</summary>
public static class Format
{
    /// <summary>"2026-11-28 04:05 UTC", or "—".</summary>
    public static string Moment(DateTimeOffset? moment) =>
        moment is { } m ? m.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>"2026-11-28", or "—".</summary>
    public static string Date(DateTimeOffset? moment) =>
        moment is { } m ? m.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    /// <summary>"1 day", "14 days".</summary>
    public static string Days(int days) => days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days";

    /// <summary>The words for a certificate's state, as a tenant reads them.</summary>
    public static string State(CertificateRecord certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.State switch
        {
            CertificateState.Valid when certificate.NotAfter is { } end && end <= now => "expired",
            CertificateState.Valid => "valid",
            CertificateState.Pending when certificate.Kind == CertificateKind.Custom => "waiting for the CA's certificate",
            CertificateState.Pending => "pending",
            CertificateState.Failed => "failed",
            CertificateState.Retired => "retired",
            _ => certificate.State.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>A CSS class for a state badge.</summary>
    public static string StateClass(CertificateRecord certificate, DateTimeOffset now) => State(certificate, now) switch
    {
        "valid" => "ok",
        "failed" or "expired" => "bad",
        _ => "wait",
    };

    /// <summary>The names, comma-separated.</summary>
    public static string Names(CertificateRecord certificate) => string.Join(", ", certificate?.Names.Select(n => n.Value) ?? []);
}
