using System.Net;
using Certsmith.Edge.Certificates;
using Certsmith.Edge.Challenges;
using Certsmith.Edge.Proxy;
using Certsmith.Edge.Sites;
using Certsmith.Edge.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge;

/// <summary>Composes the edge's own <see cref="WebApplication"/>: its services, the two Kestrel listeners and the request pipeline.</summary>
internal sealed class EdgeApplication
{
    private EdgeApplication(WebApplication app, ListenerSlot http, ListenerSlot https)
    {
        App = app;
        Http = http;
        Https = https;
    }

    public WebApplication App { get; }

    public ListenerSlot Http { get; }

    public ListenerSlot Https { get; }

    public static EdgeApplication Build(EdgeDependencies dependencies, EdgeOptions options)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        var services = builder.Services;
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton(dependencies.LoggerFactory));
        services.AddSingleton(dependencies.Store);
        services.AddSingleton(dependencies.KeyProtector);
        services.AddSingleton(dependencies.TimeProvider);
        services.AddSingleton(options);
        services.AddSingleton(sp => DefaultCertificate.Generate(options.DefaultCertificateName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CertificateActivator>();
        services.AddSingleton<SnapshotBuilder>();
        services.AddSingleton<EdgeCertificateCache>();
        services.AddHostedService<SnapshotRefresher>();
        services.AddMetrics();
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<TlsAlpnChallengeCertificates>();
        services.AddSingleton<TlsHandshakeSelector>();
        services.AddHttpForwarder();
        services.AddSingleton<BackendInvoker>();
        services.AddSingleton<ForwardedHeadersTransformer>();
        services.AddSingleton<Http01ChallengeMiddleware>();
        services.AddSingleton<SiteMiddleware>();
        services.AddSingleton<EdgePorts>();

        var http = new ListenerSlot();
        var https = new ListenerSlot();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.BindAddress, options.HttpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http.Options = listen;
            });
            kestrel.Listen(options.BindAddress, options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                // TLS-ALPN-01 (RFC 8737): before TLS, peek at the ClientHello's ALPN list (DESIGN.md, Kestrel fact) for
                // the selector; after TLS, end the connections that only proved a name.
                var peekLogger = kestrel.ApplicationServices.GetRequiredService<ILogger<ClientHelloPeekMiddleware>>();
                listen.Use(next => new ClientHelloPeekMiddleware(next, options.HandshakeTimeout, peekLogger).OnConnectionAsync);
                var selector = kestrel.ApplicationServices.GetRequiredService<TlsHandshakeSelector>();
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = selector.OnConnectionAsync,
                    HandshakeTimeout = options.HandshakeTimeout,
                });
                listen.Use(AcmeTlsConnectionEnd.Create);
                https.Options = listen;
            });
        });

        var app = builder.Build();
        // Order matters: the challenge path answers before anything else, for every Host.
        app.UseMiddleware<Http01ChallengeMiddleware>();
        app.UseMiddleware<SiteMiddleware>();
        return new EdgeApplication(app, http, https);
    }

    /// <summary>The endpoint Kestrel bound for a listener (the OS's port when 0 was asked for).</summary>
    public static IPEndPoint BoundEndPoint(ListenerSlot slot) =>
        slot.Options?.IPEndPoint is { Port: > 0 } endPoint
            ? endPoint
            : throw new InvalidOperationException("Kestrel did not report the bound endpoint of a listener.");

    /// <summary>Where Kestrel's listen options land once it configures them.</summary>
    internal sealed class ListenerSlot
    {
        public ListenOptions? Options { get; set; }
    }
}
