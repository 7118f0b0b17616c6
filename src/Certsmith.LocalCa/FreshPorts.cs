namespace Certsmith.LocalCa;

/// <summary>
/// Starts a child server on ports picked at run time, and again on fresh ports when another process took one between
/// picking and binding (<see cref="PortTakenException"/>); anything else, or too many attempts, fails with the log.
/// Shared by the Pebble, Knot and Unbound test benches.
/// </summary>
internal static class FreshPorts
{
    /// <summary>Creates and launches <typeparamref name="T"/> up to <paramref name="maxAttempts"/> times; disposes every failed attempt.</summary>
    public static async Task<T> StartAsync<T>(string what, int maxAttempts, ProcessLog log, Func<T> create, Func<T, int, Task> launch)
        where T : IAsyncDisposable
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = create();
            try
            {
                await launch(server, attempt).ConfigureAwait(false);
                return server;
            }
            catch (PortTakenException) when (attempt < maxAttempts)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch (PortTakenException e)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"{what} could not bind free ports in {maxAttempts} attempts.\n{log}", e);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }
}
