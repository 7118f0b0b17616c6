using Microsoft.AspNetCore.Mvc.Filters;

namespace Certsmith.Panel.Infrastructure;

/// <summary>A page of the platform admin's panel, at <c>/admin/…</c>: a tenant's user gets a 404, as if it did not exist.</summary>
public abstract class AdminPageModel : PanelPageModel
{
    /// <inheritdoc />
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // A POST naming no handler of the page (?handler=Nope) would render a page that loaded nothing.
        if (context.HandlerMethod is null)
        {
            context.Result = NoSuchPage();
            return Task.CompletedTask;
        }
        if (!Me.IsAdmin)
        {
            context.Result = NoSuchPage();
            return Task.CompletedTask;
        }
        return next();
    }
}
