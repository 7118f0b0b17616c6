using Certsmith.Core.Budgets;
using Certsmith.Core.Platform;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>The rate-limit budgets with how full each is: holds first, then the fullest (as OperationsService orders them).</summary>
public sealed class BudgetsModel(OperationsService operations) : AdminPageModel
{
    /// <summary>The budgets.</summary>
    public IReadOnlyList<BudgetUsage> Budgets { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Budgets = await operations.ListBudgetsAsync(cancellationToken).ConfigureAwait(false);
}
