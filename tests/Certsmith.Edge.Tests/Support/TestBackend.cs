using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Edge.Tests.Support;

/// <summary>A site's backend: a small Kestrel on 127.0.0.1 at a port the OS picks, answering with what it received.</summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<TestBackend> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            var r = context.Request;
            var text = string.Join("\n",
                $"path={r.Path}{r.QueryString}",
                $"host={r.Headers.Host}",
                $"x-forwarded-for={r.Headers["X-Forwarded-For"]}",
                $"x-forwarded-proto={r.Headers["X-Forwarded-Proto"]}",
                $"x-forwarded-host={r.Headers["X-Forwarded-Host"]}");
            var body = Encoding.UTF8.GetBytes(text);
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = body.Length;
            context.Response.Headers["X-Backend"] = "test";
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new TestBackend(app, new Uri(address + "/"));
    }

    /// <summary>Parses the echo body into its lines.</summary>
    public static IReadOnlyDictionary<string, string> ParseEcho(string body) =>
        body.Split('\n').Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
