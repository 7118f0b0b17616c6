using Certsmith.Core.Platform;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>The platform at a glance: queue length, the fullest rate-limit budget, failing certificates, tenants.</summary>
public sealed class AdminIndexModel(OperationsService operations, TenantService tenants) : AdminPageModel
{
    /// <summary>Jobs in the queue.</summary>
    public int Queued { get; private set; }

    /// <summary>Jobs due now.</summary>
    public int Due { get; private set; }

    /// <summary>"73 %" of the fullest budget, or "—".</summary>
    public string FullestBudget { get; private set; } = "—";

    /// <summary>Failing certificates.</summary>
    public int Failing { get; private set; }

    /// <summary>Tenants.</summary>
    public int Tenants { get; private set; }

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var queue = await operations.CountQueueAsync(cancellationToken).ConfigureAwait(false);
        Queued = queue.Total;
        Due = queue.Due;
        var budgets = await operations.ListBudgetsAsync(cancellationToken).ConfigureAwait(false);
        if (budgets.Where(b => b.Limit > 0).MaxBy(b => (double)b.Used / b.Limit) is { } fullest)
        {
            FullestBudget = $"{100 * fullest.Used / fullest.Limit} %";
        }
        Failing = (await operations.ListFailingAsync(cancellationToken).ConfigureAwait(false)).Count;
        Tenants = (await tenants.ListTenantsAsync(cancellationToken).ConfigureAwait(false)).Count;
    }
}
