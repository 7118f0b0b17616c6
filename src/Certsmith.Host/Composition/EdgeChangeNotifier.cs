using Certsmith.Core.Issuance;

namespace Certsmith.Host.Composition;

/// <summary>Swaps a new certificate into the edge at once instead of at its next poll.</summary>
internal sealed class EdgeChangeNotifier(PlatformRuntime runtime) : ICertificateChangeNotifier
{
    public Task CertificateChangedAsync(Guid certificateId, CancellationToken cancellationToken) =>
        runtime.Edge?.RefreshAsync(cancellationToken) ?? Task.CompletedTask;
}
