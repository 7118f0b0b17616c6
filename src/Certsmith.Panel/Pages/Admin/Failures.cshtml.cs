using Certsmith.Core.Platform;
using Certsmith.Panel.Infrastructure;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>Every failing certificate on the platform, why, and when it is tried again.</summary>
public sealed class FailuresModel(OperationsService operations) : AdminPageModel
{
    /// <summary>The failing certificates.</summary>
    public IReadOnlyList<FailingCertificate> Failing { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken) =>
        Failing = await operations.ListFailingAsync(cancellationToken).ConfigureAwait(false);
}
