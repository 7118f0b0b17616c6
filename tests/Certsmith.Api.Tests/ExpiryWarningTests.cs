using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Certsmith.Core.Certificates.Custom;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

using Certsmith.Testing;

namespace Certsmith.Api.Tests;

/// <summary>
/// Issue 7: custom certificates are never renewed, so the tenant is warned 30, 14, 7 and 1 days before they expire —
/// once per threshold, as an event and a POST to its webhook (a real Kestrel receiver). Time is a fake clock.
/// </summary>
public sealed class ExpiryWarningTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_tenant_is_warned_once_per_threshold_by_event_and_webhook()
    {
        using var ca = new OtherCa();
        await using var receiver = await WebhookReceiver.StartAsync();
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("shop");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        var (leaf, key) = ca.Issue(["www." + domain], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(60));
        string id;
        using (leaf)
        using (key)
        {
            id = (string)(await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = OtherCa.Pem(leaf, ca.Intermediate), privateKey = key.ExportPkcs8PrivateKeyPem() }).ExpectAsync(HttpStatusCode.Created))["id"]!;
        }
        var set = await tenant.Client.PutAsJsonAsync($"{tenant.Base}/webhook", new { url = receiver.Url.ToString() }).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(receiver.Url.ToString(), (string?)set["webhookUrl"]);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var http = new HttpClient();
        var warner = new ExpiryWarner(fixture.Host.Store, new EventRecorder(fixture.Host.Store.Events, clock), new PlatformOptions(), http, clock, NullLogger<ExpiryWarner>.Instance);

        await warner.RunOnceAsync(CancellationToken.None); // 60 days left: nothing due for this certificate
        Assert.Empty(receiver.Received);
        clock.Advance(TimeSpan.FromDays(31)); // 29 days left: the 30-day warning, once
        await warner.RunOnceAsync(CancellationToken.None);
        await warner.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(23)); // 6 days left: the 7-day warning (14 was passed while nobody looked)
        await warner.RunOnceAsync(CancellationToken.None);

        var mine = receiver.Received.Where(r => (string?)r["certificateId"] == id).ToList();
        Assert.Equal([29, 6], mine.Select(r => (int)r["daysLeft"]!));
        Assert.All(mine, r => Assert.Equal("certificate.expiring", (string?)r["event"]));
        var events = (await tenant.Client.GetAsync($"{tenant.Base}/certificates/{id}/events").ExpectAsync(HttpStatusCode.OK)).AsArray()
            .Where(e => (string?)e!["kind"] == "custom.expiring").ToList();
        Assert.Equal(2, events.Count);
        Assert.Contains("renew it at your CA", (string?)events[0]!["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("ftp://hooks.example/")]
    [InlineData("http://user:pw@127.0.0.1/hook")]
    public async Task A_webhook_into_the_platforms_network_or_not_http_is_refused(string url)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var problem = await tenant.Client.PutAsJsonAsync($"{tenant.Base}/webhook", new { url }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("url"), problem.Raw);
        Assert.Null((await tenant.Client.GetAsync(tenant.Base).ExpectAsync(HttpStatusCode.OK))["webhookUrl"]);
    }

    [Fact]
    public async Task A_webhook_pointing_at_the_platform_itself_is_refused()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var problem = await tenant.Client.PutAsJsonAsync($"{tenant.Base}/webhook", new { url = fixture.Host.BaseAddress.ToString() }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("url"), problem.Raw);
        Assert.Contains("webhook", problem.Detail, StringComparison.Ordinal);
    }

    /// <summary>A Kestrel endpoint on loopback that keeps every JSON body POSTed to it.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private WebhookReceiver(WebApplication app, Uri url)
        {
            _app = app;
            Url = url;
        }

        public Uri Url { get; }

        public ConcurrentQueue<JsonNode> Received { get; } = new();

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            WebhookReceiver? self = null;
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                self!.Received.Enqueue((await request.ReadFromJsonAsync<JsonNode>())!);
                return Results.NoContent();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            self = new WebhookReceiver(app, new Uri(new Uri(address), "/hook"));
            return self;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
