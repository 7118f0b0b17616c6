using System.Buffers;
using System.IO.Pipelines;
using Certsmith.Acme.Challenges;
using Certsmith.Edge.Tests.Support;
using Certsmith.Edge.Tls;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace Certsmith.Edge.Tests.Tls;

/// <summary>The peek before TLS: it waits for a hello arriving in pieces, and leaves every byte for TLS to read.</summary>
public sealed class ClientHelloPeekMiddlewareTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AHelloArrivingInTwoReadsIsPeekedAndLeftWholeForTls()
    {
        var bytes = ClientHellos.Refragment(await ClientHellos.CaptureAsync("www.shop.example", TlsAlpn01.Protocol), 100);
        var (connection, client) = Connection();
        var next = new TaskCompletionSource<(PeekedClientHello? Hello, byte[] Bytes)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var middleware = new ClientHelloPeekMiddleware(async context =>
        {
            // What TLS would see when it starts: a feature set before it, and every byte from the first.
            var feature = context.Features.Get<PeekedClientHello>();
            var read = await context.Transport.Input.ReadAtLeastAsync(bytes.Length);
            next.SetResult((feature, read.Buffer.ToArray()));
        }, Deadline, NullLogger<ClientHelloPeekMiddleware>.Instance);

        var running = middleware.OnConnectionAsync(connection);
        await client.WriteAsync(bytes.AsMemory(0, 150));
        await client.FlushAsync();
        await client.WriteAsync(bytes.AsMemory(150));
        await client.FlushAsync();

        var (hello, seen) = await next.Task.WaitAsync(Deadline);
        await running.WaitAsync(Deadline);
        Assert.Equal("www.shop.example", hello?.ServerName);
        Assert.True(hello?.OffersAcmeTls);
        Assert.Equal(bytes, seen);
    }

    [Fact]
    public async Task GarbagePassesOnUntouchedWithoutAFeature()
    {
        byte[] garbage = [.. "GET / HTTP/1.1\r\n"u8];
        var (connection, client) = Connection();
        var next = new TaskCompletionSource<(PeekedClientHello? Hello, byte[] Bytes)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var middleware = new ClientHelloPeekMiddleware(async context =>
        {
            var read = await context.Transport.Input.ReadAtLeastAsync(garbage.Length);
            next.SetResult((context.Features.Get<PeekedClientHello>(), read.Buffer.ToArray()));
        }, Deadline, NullLogger<ClientHelloPeekMiddleware>.Instance);

        var running = middleware.OnConnectionAsync(connection);
        await client.WriteAsync(garbage);
        await client.FlushAsync();

        var (hello, seen) = await next.Task.WaitAsync(Deadline);
        await running.WaitAsync(Deadline);
        Assert.Null(hello);
        Assert.Equal(garbage, seen);
    }

    [Fact]
    public async Task AClientThatNeverFinishesItsHelloIsDroppedAfterTheHandshakeTimeout()
    {
        var bytes = await ClientHellos.CaptureAsync("www.shop.example", TlsAlpn01.Protocol);
        var (connection, client) = Connection();
        var called = false;
        var middleware = new ClientHelloPeekMiddleware(_ =>
        {
            called = true;
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(200), NullLogger<ClientHelloPeekMiddleware>.Instance);

        var running = middleware.OnConnectionAsync(connection);
        await client.WriteAsync(bytes.AsMemory(0, 20));
        await client.FlushAsync();

        await running.WaitAsync(Deadline);
        Assert.False(called);
    }

    private static (ConnectionContext Connection, PipeWriter Client) Connection()
    {
        var fromClient = new Pipe();
        var toClient = new Pipe();
        var connection = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), new DuplexPipe(fromClient.Reader, toClient.Writer), new DuplexPipe(toClient.Reader, fromClient.Writer));
        return (connection, fromClient.Writer);
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
