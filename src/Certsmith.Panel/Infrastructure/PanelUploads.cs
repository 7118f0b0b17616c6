using System.Text;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// Files sent from the panel's forms. The whole request is capped at <see cref="MaxRequestBytes"/> (Kestrel refuses
/// more before it is read); each file at <see cref="MaxFileBytes"/>, the same cap the API's checks apply.
/// </summary>
internal static class PanelUploads
{
    /// <summary>The largest form with files the panel accepts.</summary>
    public const long MaxRequestBytes = 1024 * 1024;

    /// <summary>The largest certificate, key or PKCS#12 file (a leaf, a few intermediates and a key fit many times over).</summary>
    public const int MaxFileBytes = Core.Certificates.Custom.CertificateFiles.MaxFileBytes;

    /// <summary>The file's bytes, else the pasted text's, else null; refused with <paramref name="field"/> when too large.</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, string? text, string field, string what, CancellationToken cancellationToken)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > MaxFileBytes)
            {
                throw new PlatformInputException(PlatformInputError.Invalid, field, $"The file for {what} is too large ({file.Length / 1024} KiB; at most {MaxFileBytes / 1024} KiB).");
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return bytes.Length > MaxFileBytes
                ? throw new PlatformInputException(PlatformInputError.Invalid, field, $"The text for {what} is too large (at most {MaxFileBytes / 1024} KiB).")
                : bytes;
        }
        return null;
    }
}
