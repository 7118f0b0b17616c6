using System.Buffers.Text;

namespace Certsmith.Acme.Jws;

/// <summary>
/// The key identifier and MAC key a CA hands out for external account binding (RFC 8555 §7.3.4).
/// The key is base64url as CAs publish it; <see cref="ToString"/> never shows it.
/// </summary>
/// <param name="KeyId">The CA's key identifier.</param>
/// <param name="HmacKeyBase64Url">The MAC key, base64url-encoded.</param>
/// <param name="Algorithm">HS256 (default), HS384 or HS512.</param>
public sealed record ExternalAccountBinding(string KeyId, string HmacKeyBase64Url, string Algorithm = "HS256")
{
    internal byte[] DecodeKey()
    {
        try
        {
            return Base64Url.DecodeFromChars(HmacKeyBase64Url.TrimEnd('='));
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The external account binding key is not base64url.", nameof(HmacKeyBase64Url), e);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"ExternalAccountBinding {{ KeyId = {KeyId}, Algorithm = {Algorithm} }}";
}
