using System.Globalization;
using Certsmith.Core.Certificates;

namespace Certsmith.Panel.Infrastructure;

/// <summary>How the panel writes moments, spans and states: UTC, ISO-like, the same everywhere.</summary>
internal static class Format
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

    /// <summary>
    /// Why the platform's last attempt for a managed certificate failed, or null: also while a valid certificate's
    /// renewal is being retried (the old one serves until then), which is when it matters most.
    /// </summary>
    public static string? Failure(CertificateRecord certificate) =>
        certificate is { Kind: CertificateKind.Managed, LastError: { } why } && certificate.State != CertificateState.Retired ? why : null;

    /// <summary>"next attempt" after a failure, "expected" while a new certificate is on its way, or null when nothing is due.</summary>
    public static string? NextLabel(CertificateRecord certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Kind != CertificateKind.Managed || certificate.NextAttemptAt is null || certificate.State == CertificateState.Retired)
        {
            return null;
        }
        return Failure(certificate) is not null ? "next attempt" : certificate.State == CertificateState.Pending ? "expected" : null;
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
