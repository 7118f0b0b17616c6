namespace Certsmith.Testing.AcmeProxy;

/// <summary>The ACME resource a request to <see cref="AcmeShimProxy"/> addressed, by Pebble's URL layout.</summary>
public enum AcmeShimRequestKind
{
    /// <summary>Anything else: account, key change, revocation, unknown paths.</summary>
    Other,
    Directory,
    NewNonce,
    NewAccount,
    NewOrder,
    Order,
    Authorization,
    Challenge,
    Finalize,
    Certificate,
    RenewalInfo,
}
