using Certsmith.Core.Platform;
using Certsmith.Core.Storage;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>The issuance queue: every job, when it is due, who works on it, why it last failed.</summary>
public sealed class QueueModel(OperationsService operations, TimeProvider time) : AdminPageModel
{
    /// <summary>How many jobs the page lists (the next ones due; the rest are counted).</summary>
    public const int Shown = 200;

    /// <summary>The next jobs due.</summary>
    public IReadOnlyList<QueueEntry> Entries { get; private set; } = [];

    /// <summary>How many jobs there are in all.</summary>
    public QueueCounts Counts { get; private set; } = new(0, 0, 0);

    /// <summary>Now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Counts = await operations.CountQueueAsync(cancellationToken).ConfigureAwait(false);
        Entries = await operations.ListQueueAsync(Shown, cancellationToken).ConfigureAwait(false);
    }
}
