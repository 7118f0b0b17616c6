using Certsmith.Core.Platform;
using Certsmith.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Api.Tests;

/// <summary>
/// One host with the panel per test class, on a clock that moves only when a test moves it (the sign-in throttle's
/// waits are then exact), a CA to buy certificates from, and a platform admin who signs in to the panel.
/// </summary>
public sealed class PanelFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public OtherCa Ca { get; } = new();

    public string AdminEmail { get; } = $"admin-{Guid.NewGuid():N}@example.org";

    public async Task InitializeAsync()
    {
        Host = await ApiHost.StartAsync(time: Clock);
        await Host.Services.GetRequiredService<UserService>().CreateUserAsync(null, AdminEmail, TenantWorld.Password, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Ca.Dispose();
    }
}
