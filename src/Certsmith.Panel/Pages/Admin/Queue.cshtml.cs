using Certsmith.Core.Platform;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>The issuance queue: every job, when it is due, who works on it, why it last failed.</summary>
public sealed class QueueModel(OperationsService operations, TimeProvider time) : AdminPageModel
{
    /// <summary>The jobs.</summary>
    public IReadOnlyList<QueueEntry> Entries { get; private set; } = [];

    /// <summary>Now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Entries = await operations.ListQueueAsync(cancellationToken).ConfigureAwait(false);
}
