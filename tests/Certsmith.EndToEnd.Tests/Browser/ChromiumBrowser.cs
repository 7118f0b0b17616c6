using Microsoft.Playwright;

namespace Certsmith.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: what the panel's browser tests click through. Playwright runs
/// the system browser (<c>/usr/bin/chromium</c>, which <c>test.sh</c> installs) and never downloads one of its own;
/// its driver (a Node.js binary and script shipped inside the Microsoft.Playwright package) is copied next to the test
/// assembly at build time and needs nothing from the network either.
/// </summary>
/// <remarks>
/// <para>
/// One browser per test assembly, a fresh context per test (own cookies, storage and cache): with xunit 2, put the
/// browser test classes in one collection whose <c>ICollectionFixture</c> launches the browser and disposes it. Launching
/// costs ~0.5 s and ~400 MB (proportional set size of Chromium's ~11 processes with one page, plus ~140 MB for the
/// driver); a context costs ~0.2 s and ~50 MB while open. Two collections in parallel, each with its own browser, also
/// pass on two cores, but were no faster (20 form-filling tests: 12-17 s either way): the browser is CPU-bound, so
/// parallel browser tests mostly contend with each other and with Pebble, for twice the memory.
/// </para>
/// <para>
/// A page belongs to one test. Opening contexts from parallel tests on one instance worked, but Playwright for .NET
/// promises no thread-safety, which the one-collection layout does not need.
/// </para>
/// </remarks>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>Names another Chromium binary to run instead of <see cref="DefaultExecutable"/>.</summary>
    public const string ExecutableVariable = "CERTSMITH_CHROMIUM";

    /// <summary>Debian's chromium package's launcher (it sources /etc/chromium.d and runs /usr/lib/chromium/chromium).</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    /// <summary>Dates, numbers and times render the same on every machine, whatever its locale and zone.</summary>
    private const string Locale = "en-US";

    private const string TimezoneId = "UTC";

    private static readonly string[] Arguments =
    [
        // Chromium sizes its shared memory for a desktop; a container's /dev/shm is often 64 MB and a full page
        // then crashes the renderer. /tmp has room and costs nothing noticeable.
        "--disable-dev-shm-usage",

        // There is no GPU here; without this Chromium probes for one at every start.
        "--disable-gpu",
    ];

    /// <summary>Chromium starts in about half a second; a loaded two-core CI machine can take many times that.</summary>
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A laptop-sized window, so screenshots show the layout a person sees.</summary>
    private static readonly ViewportSize Viewport = new() { Width = 1280, Height = 800 };

    private readonly IPlaywright _playwright;
    private int _disposed;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser, string executable)
    {
        _playwright = playwright;
        Browser = browser;
        Executable = executable;
    }

    /// <summary>The browser, for what the helpers below do not cover (e.g. contexts with storage state).</summary>
    public IBrowser Browser { get; }

    /// <summary>The Chromium binary that was launched.</summary>
    public string Executable { get; }

    /// <summary>
    /// Starts Playwright's driver and launches headless Chromium from <c>$CERTSMITH_CHROMIUM</c>, else
    /// <c>/usr/bin/chromium</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The Chromium binary is missing; the message says how to get it.</exception>
    /// <exception cref="PlaywrightException">The driver or Chromium failed to start; the message holds Chromium's log.</exception>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } custom
            ? custom
            : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Install Debian's chromium package (./test.sh does: " +
                $"apt-get install chromium) or set {ExecutableVariable} to a Chromium binary.");
        }

        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,

                // Chromium's sandbox needs user namespaces (Debian ships no setuid helper) and refuses to run as
                // root, which CI is. The pages are the panel's own, served from loopback: the sandbox guards
                // against nothing here, and leaving it off makes the launch the same everywhere.
                ChromiumSandbox = false,
                Args = Arguments,
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            }).ConfigureAwait(false);
            return new ChromiumBrowser(playwright, browser, executable);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A fresh context: its own cookies, local storage and cache, as a new private window has. Relative URLs in
    /// <see cref="IPage.GotoAsync"/> resolve against <paramref name="baseUrl"/> (e.g. <c>http://127.0.0.1:PORT/</c>).
    /// Close it when done (<c>await using</c>); closing the browser closes it too.
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(Uri? baseUrl = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl?.AbsoluteUri,
            ViewportSize = Viewport,
            Locale = Locale,
            TimezoneId = TimezoneId,
        });

    /// <summary>
    /// A page in a fresh context of its own (see <see cref="NewContextAsync"/>); closing the page closes that context.
    /// For one test that needs two sessions (two users, a logged-out check), open two pages.
    /// </summary>
    public Task<IPage> NewPageAsync(Uri? baseUrl = null) =>
        Browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = baseUrl?.AbsoluteUri,
            ViewportSize = Viewport,
            Locale = Locale,
            TimezoneId = TimezoneId,
        });

    /// <summary>
    /// Saves a full-page PNG of <paramref name="page"/> as <c>NAME.png</c> in the screenshots folder
    /// (<see cref="TestArtifacts.ScreenshotsDirectory"/>), replacing an older one of that name, and returns its path.
    /// </summary>
    /// <param name="page">The page as it is now.</param>
    /// <param name="name">
    /// Unique across the test run, since tests run in parallel: e.g. <c>Certificates.RenewNow.after-click</c>.
    /// Characters other than letters, digits, '.', '-' and '_' become '_'.
    /// </param>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.Combine(TestArtifacts.ScreenshotsDirectory, TestArtifacts.FileName(name) + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Type = ScreenshotType.Png })
            .ConfigureAwait(false);
        return path;
    }

    /// <summary>Closes every context and page, ends Chromium and Playwright's driver.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Browser.CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            // Ends the driver, which kills a Chromium that did not close.
            _playwright.Dispose();
        }
    }
}
