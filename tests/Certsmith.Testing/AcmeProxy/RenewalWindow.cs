namespace Certsmith.Testing.AcmeProxy;

/// <summary>An RFC 9773 §4.2 suggestedWindow, with its optional explanationURL.</summary>
internal sealed record RenewalWindow(DateTimeOffset Start, DateTimeOffset End, Uri? Explanation)
{
    /// <summary>
    /// The window for a certificate nobody moved: the second-to-last sixth of its validity,
    /// [notAfter − lifetime/3, notAfter − lifetime/6]. Renewing two thirds in is Let's Encrypt's
    /// advice; ending a sixth before expiry leaves room for retries.
    /// </summary>
    public static RenewalWindow ForValidity(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var lifetime = notAfter - notBefore;
        return new RenewalWindow(notAfter - (lifetime / 3), notAfter - (lifetime / 6), Explanation: null);
    }
}
