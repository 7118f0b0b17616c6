using Certsmith.Core.Platform;
using Certsmith.Core.Storage;

namespace Certsmith.Host;

/// <summary>The first start creates a platform-admin API token and writes it, once, to a file readable by its owner only.</summary>
internal static partial class AdminToken
{
    public static async Task EnsureAsync(TenantService tenants, ICertsmithStore store, string path, ILogger logger, CancellationToken cancellationToken)
    {
        if ((await store.Tenants.ListTokensAsync(null, cancellationToken).ConfigureAwait(false)).Any(t => t.IsActive))
        {
            return;
        }
        var (_, secret) = await tenants.CreateTokenAsync(null, "platform admin (first start)", cancellationToken).ConfigureAwait(false);
        await SecretFile.WriteAsync(path, secret, cancellationToken).ConfigureAwait(false);
        LogWritten(logger, Path.GetFullPath(path));
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "First start: a platform-admin API token was written to {Path} (readable by you only). It is not shown again.")]
    private static partial void LogWritten(ILogger logger, string path);
}
