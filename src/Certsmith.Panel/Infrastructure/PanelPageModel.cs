using Certsmith.Core.Platform;
using Certsmith.Panel.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Certsmith.Panel.Infrastructure;

/// <summary>
/// What every signed-in page shares: who is signed in, a notice carried over a redirect, and errors shown next to
/// the field they concern. A refused input (<see cref="PlatformInputException"/>) becomes an error on its form's field
/// and the page is shown again with what was typed; "not found" (or not yours) becomes a 404 page.
/// </summary>
public abstract class PanelPageModel : PageModel
{
    private const string NoticeKey = "notice";

    /// <summary>Who is signed in.</summary>
    internal PanelUser Me => PanelUser.From(User) ?? throw new InvalidOperationException("A panel page ran without a signed-in user.");

    /// <summary>Whether a platform admin is signed in.</summary>
    public bool IsAdmin => Me.IsAdmin;

    /// <summary>The e-mail of who is signed in.</summary>
    public string SignedInAs => Me.Email;

    /// <summary>A notice to show once, after a redirect ("Domain added.").</summary>
    [TempData(Key = NoticeKey)]
    public string? Notice { get; set; }

    /// <summary>The error for a form's field, or null.</summary>
    public string? ErrorFor(string form, string field) =>
        ModelState.TryGetValue(Key(form, field), out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The form's errors that concern no field it shows.</summary>
    public IEnumerable<string> FormErrors(string form) =>
        ModelState.TryGetValue(Key(form, ""), out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];

    /// <summary>
    /// Runs a change (which sets its <see cref="Notice"/> and redirects: post/redirect/get); when the platform
    /// refuses the input, records the error on <paramref name="form"/>'s field (one of <paramref name="fields"/>,
    /// else the form itself), reloads the page's data and shows the page again (HTTP 400).
    /// </summary>
    protected async Task<IActionResult> ChangeAsync(string form, IReadOnlyCollection<string> fields, Func<Task<IActionResult>> change)
    {
        try
        {
            return await change().ConfigureAwait(false);
        }
        catch (PlatformInputException e) when (e.Error == PlatformInputError.NotFound && e.Field == "id")
        {
            return NoSuchPage();
        }
        catch (PlatformInputException e)
        {
            ModelState.AddModelError(Key(form, fields.Contains(e.Field) ? e.Field : ""), e.Message);
            await LoadAsync(HttpContext.RequestAborted).ConfigureAwait(false);
            var page = Page();
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
    }

    /// <summary>One 404 page whether the object does not exist or is someone else's (it never says which); a browser shows its own error page for an empty 404.</summary>
    private static readonly PlainPage NotFound404 = new(StatusCodes.Status404NotFound, "Not found", ["There is no such page here."]);

    /// <summary>The panel's 404 page: no such object, or not yours (never says which).</summary>
    protected static IActionResult NoSuchPage() => NotFound404;

    /// <summary>
    /// Every page's gate, in one place: a request naming no handler of the page (<c>?handler=Nope</c>) and one the
    /// page refuses (<see cref="MayOpenAsync"/>) get the 404 page, as does a handler whose object turned out not to
    /// exist (or to be someone else's); what only a rendered page shows is loaded only when one is rendered, not for a
    /// form that redirects.
    /// </summary>
    public sealed override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HandlerMethod is null || !await MayOpenAsync(HttpContext.RequestAborted).ConfigureAwait(false))
        {
            context.Result = NoSuchPage();
            return;
        }
        var executed = await next().ConfigureAwait(false);
        if (executed.Exception is PlatformInputException { Error: PlatformInputError.NotFound } && !executed.ExceptionHandled)
        {
            executed.Result = NoSuchPage();
            executed.ExceptionHandled = true;
        }
        else if (executed.Result is PageResult)
        {
            await BeforeRenderingAsync(HttpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the signed-in user may open this page at all (else it is a 404, as if it did not exist).</summary>
    protected virtual Task<bool> MayOpenAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Loads what every rendering of the page shows beyond its own data (e.g. a banner).</summary>
    protected virtual Task BeforeRenderingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Loads what the page shows (called by GET and again when a form is refused).</summary>
    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    private static string Key(string form, string field) => $"{form}:{field}";
}
