using Certsmith.EndToEnd.Tests.Browser;

namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>One headless Chromium for the panel's browser tests; each test opens pages in contexts of its own.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public ChromiumBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync() => Chromium = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }
    }
}
