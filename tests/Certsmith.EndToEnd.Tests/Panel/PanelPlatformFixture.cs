namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>The platform as the README's run command starts it, with Let's Encrypt's rate limits counted (the admin's budget view has something to show).</summary>
public sealed class PanelPlatformFixture : IAsyncLifetime
{
    public PlatformFixture Platform { get; } = new();

    public Task InitializeAsync()
    {
        Platform.Settings["Acme:RateLimits:Enabled"] = "true";
        return Platform.InitializeAsync();
    }

    public Task DisposeAsync() => Platform.DisposeAsync();
}
