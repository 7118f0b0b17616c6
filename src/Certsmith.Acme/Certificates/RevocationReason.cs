namespace Certsmith.Acme.Certificates;

/// <summary>CRL reason codes (RFC 5280 §5.3.1) a subscriber may give when revoking (RFC 8555 §7.6).</summary>
public enum RevocationReason
{
#pragma warning disable CS1591 // RFC 5280's names
    Unspecified = 0,
    KeyCompromise = 1,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
#pragma warning restore CS1591
}
