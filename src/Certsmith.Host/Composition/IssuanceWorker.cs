using Certsmith.Core.Issuance;
using Certsmith.Core.Platform;

namespace Certsmith.Host.Composition;

/// <summary>Reconciles the policy once at start (DESIGN.md), then works the issuance queue until shutdown.</summary>
internal sealed class IssuanceWorker(SiteService sites, IssuanceProcessor processor, Certsmith.Core.Storage.ICertsmithStore store, IssuanceOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Work this node leased before it was killed resumes now, not when the lease lapses.
        await store.Queue.ReleaseLeasesAsync(options.NodeId, stoppingToken).ConfigureAwait(false);
        await sites.ReconcileAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            await processor.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
