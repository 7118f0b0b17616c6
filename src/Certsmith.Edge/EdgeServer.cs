using System.Net;
using Certsmith.Core.Security;
using Certsmith.Core.Storage;
using Certsmith.Edge.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge;

/// <summary>
/// A running edge: Kestrel on the HTTP and HTTPS ports, serving certificates from the store's snapshot,
/// HTTP-01 answers, and sites through their backends. Start it with <see cref="StartAsync(ICertsmithStore, IKeyProtector, TimeProvider, ILoggerFactory, EdgeOptions, CancellationToken)"/>;
/// dispose it to stop. Thread-safe.
/// </summary>
public sealed class EdgeServer : IAsyncDisposable
{
    /// <summary>How long open requests get to finish when the edge stops.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly EdgeCertificateCache _cache;
    private int _disposed;

    private EdgeServer(WebApplication app, EdgeCertificateCache cache, IPEndPoint http, IPEndPoint https)
    {
        _app = app;
        _cache = cache;
        HttpEndPoint = http;
        HttpsEndPoint = https;
        Listeners = [http, https];
    }

    /// <summary>The bound plain-HTTP port (the OS's choice when the option was 0).</summary>
    public int HttpPort => HttpEndPoint.Port;

    /// <summary>The bound HTTPS port (the OS's choice when the option was 0).</summary>
    public int HttpsPort => HttpsEndPoint.Port;

    /// <summary>The bound plain-HTTP endpoint.</summary>
    public IPEndPoint HttpEndPoint { get; }

    /// <summary>The bound HTTPS endpoint.</summary>
    public IPEndPoint HttpsEndPoint { get; }

    /// <summary>Every endpoint the edge listens on, so the API can refuse a site backend that points back at the edge.</summary>
    public IReadOnlyList<IPEndPoint> Listeners { get; }

    /// <summary>The snapshot handshakes and requests read now.</summary>
    public CertificateSnapshot Snapshot => _cache.Current;

    /// <summary>How many certificate handshake contexts this edge has built (each once, on its first handshake).</summary>
    internal long ContextsBuilt => _app.Services.GetRequiredService<CertificateActivator>().Activations;

    /// <summary>
    /// Starts an edge with the platform's services: <see cref="ICertsmithStore"/> (migrated), <see cref="IKeyProtector"/>,
    /// and optionally <see cref="TimeProvider"/> (else the system clock) and <see cref="ILoggerFactory"/> (else none).
    /// </summary>
    public static Task<EdgeServer> StartAsync(IServiceProvider platformServices, EdgeOptions options, CancellationToken cancellationToken) =>
        StartAsync(
            platformServices.GetRequiredService<ICertsmithStore>(),
            platformServices.GetRequiredService<IKeyProtector>(),
            platformServices.GetService<TimeProvider>() ?? TimeProvider.System,
            platformServices.GetService<ILoggerFactory>() ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            options,
            cancellationToken);

    /// <summary>
    /// Validates <paramref name="options"/> (throwing <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// with every error), generates the default certificate, loads the first snapshot (a store that cannot be
    /// read yet is logged and retried by the poll loop), binds both listeners and starts serving.
    /// </summary>
    public static async Task<EdgeServer> StartAsync(
        ICertsmithStore store,
        IKeyProtector keyProtector,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        EdgeOptions options,
        CancellationToken cancellationToken)
    {
        EdgeOptionsValidator.ThrowIfInvalid(options);
        var built = EdgeApplication.Build(new EdgeDependencies(store, keyProtector, timeProvider, loggerFactory), options);
        var app = built.App;
        try
        {
            var cache = app.Services.GetRequiredService<EdgeCertificateCache>();
            try
            {
                await cache.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Logged by the cache; the poll loop retries, and until then every name gets rule 4.
            }
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var https = EdgeApplication.BoundEndPoint(built.Https);
            app.Services.GetRequiredService<Sites.EdgePorts>().Https = https.Port;
            return new EdgeServer(app, cache, EdgeApplication.BoundEndPoint(built.Http), https);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Brings the snapshot up to the store now (the control plane may call it after a change; the poll loop does
    /// it within <see cref="EdgeOptions.PollInterval"/> anyway): only what changed is read when the store logs its
    /// changes. Throws when the store cannot be read, keeping the old snapshot.
    /// </summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => _cache.RefreshAsync(cancellationToken);

    /// <summary>Stops the listeners (open requests get a short grace) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        using (var grace = new CancellationTokenSource(ShutdownGrace))
        {
            try
            {
                await _app.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Grace over: disposing closes what is left.
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
