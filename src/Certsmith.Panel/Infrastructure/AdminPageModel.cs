
namespace Certsmith.Panel.Infrastructure;

/// <summary>A page of the platform admin's panel, at <c>/admin/…</c>: a tenant's user gets a 404, as if it did not exist.</summary>
public abstract class AdminPageModel : PanelPageModel
{
    /// <inheritdoc />
    protected override Task<bool> MayOpenAsync(CancellationToken cancellationToken) => Task.FromResult(Me.IsAdmin);
}
