using System.Text.RegularExpressions;
using Certsmith.EndToEnd.Tests.Browser;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>What a person does in the panel, in a browser: sign in, go to a page, fill and submit a form, keep a screenshot.</summary>
internal sealed partial class PanelBrowser : IAsyncDisposable
{
    private readonly IPage page;
    private readonly string screenshotPrefix;
    private readonly List<string> _policyViolations = [];

    public PanelBrowser(IPage page, string screenshotPrefix)
    {
        this.page = page;
        this.screenshotPrefix = screenshotPrefix;
        // The pages' Content-Security-Policy refuses inline styles and scripts; what it refused would look broken.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_policyViolations)
                {
                    _policyViolations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
    }

    public IPage Page => page;

    public static async Task<PanelBrowser> SignInAsync(ChromiumBrowser chromium, Uri panel, string email, string password, string screenshotPrefix)
    {
        var page = await chromium.NewPageAsync(panel);
        var browser = new PanelBrowser(page, screenshotPrefix);
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return browser;
    }

    /// <summary>Opens a panel page and checks it answered 200.</summary>
    public async Task GoAsync(string path)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Status: 200 }, $"GET {path} answered {response?.Status}");
        // Every page forbids framing and foreign scripts, and is not cached (it shows a tenant's data).
        var headers = await response!.AllHeadersAsync();
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("no-store", headers["cache-control"], StringComparison.Ordinal);
    }

    public Task ClickAsync(string button) => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).First.ClickAsync();

    public Task FillAsync(string label, string value) => page.GetByLabel(label, new() { Exact = true }).FillAsync(value);

    /// <summary>The notice the panel shows after a change went through.</summary>
    public Task ExpectNoticeAsync(string text) => Expect(page.Locator("p.notice")).ToContainTextAsync(text);

    /// <summary>Reloads until <paramref name="locator"/> has <paramref name="text"/>: the pages are server-rendered, so a change shows on the next load.</summary>
    public Task ReloadUntilAsync(Func<IPage, ILocator> locator, string text, TimeSpan timeout) =>
        ReloadUntilAsync(async p => await locator(p).CountAsync() > 0 && (await locator(p).First.InnerTextAsync()).Contains(text, StringComparison.Ordinal), $"'{text}' to appear", timeout);

    /// <summary>Reloads until <paramref name="condition"/> holds for the page, or fails after <paramref name="timeout"/> saying what it waited for.</summary>
    public async Task ReloadUntilAsync(Func<IPage, Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition(page))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {timeout} for {what} on {page.Url}: {await page.Locator("main").InnerTextAsync()}");
            await Task.Delay(250);
            await page.ReloadAsync();
        }
    }

    /// <summary>Keeps a screenshot of the page, and checks it against WCAG 2.1 A and AA with axe-core first.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        var violations = results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.NotEmpty(results.Passes); // axe ran (the page's CSP does not stop Playwright's injected script)
        lock (_policyViolations)
        {
            Assert.True(_policyViolations.Count == 0, string.Join("\n", _policyViolations));
        }
        Assert.True(violations.Count == 0, $"{page.Url} breaks accessibility rules:\n{string.Join("\n", violations)}");
        return await ChromiumBrowser.ScreenshotAsync(page, $"{screenshotPrefix}.{name}");
    }

    public async ValueTask DisposeAsync() => await page.CloseAsync();

    [GeneratedRegex("/sign-in")]
    private static partial Regex SignInUrl();
}
