namespace Certsmith.Acme.Resources;

/// <summary>The status of an ACME object (RFC 8555 §7.1.6).</summary>
public enum AcmeStatus
{
    /// <summary>Not yet known (absent or an unrecognised value).</summary>
    Unknown,
#pragma warning disable CS1591 // the RFC's state names
    Pending,
    Ready,
    Processing,
    Valid,
    Invalid,
    Deactivated,
    Expired,
    Revoked,
#pragma warning restore CS1591
}
