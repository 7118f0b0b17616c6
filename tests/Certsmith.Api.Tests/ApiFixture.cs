namespace Certsmith.Api.Tests;

/// <summary>One API host per test class; tests make their own tenants in it, so they do not see each other.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
