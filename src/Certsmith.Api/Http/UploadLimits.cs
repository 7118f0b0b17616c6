using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace Certsmith.Api.Http;

/// <summary>
/// The largest body an upload or install accepts. A certificate, its chain and its key (or a PKCS#12 file), each
/// capped at 256 KiB by the checks, fit within it even base64-encoded in JSON; Kestrel refuses anything larger while it
/// reads, instead of buffering e.g. 20 MB (its default limit is 30 MB).
/// </summary>
internal static class UploadLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>Limits the endpoint's request body to <see cref="MaxBodyBytes"/>.</summary>
    public static RouteHandlerBuilder WithUploadLimit(this RouteHandlerBuilder builder) => builder.WithMetadata(new Limit(MaxBodyBytes));

    private sealed record Limit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
