using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Tls;

/// <summary>
/// A Kestrel connection middleware placed before <c>UseHttps</c>: reads the ClientHello from the transport without
/// consuming it (DESIGN.md, the Kestrel fact) and sets a <see cref="PeekedClientHello"/> feature for
/// <see cref="TlsHandshakeSelector"/>, which .NET's handshake callback cannot otherwise tell the offered ALPN list.
/// A hello it cannot read passes on untouched (TLS decides); a client that sends nothing within the handshake
/// timeout is dropped. Thread-safe (no state per connection).
/// </summary>
internal sealed partial class ClientHelloPeekMiddleware(ConnectionDelegate next, TimeSpan handshakeTimeout, ILogger<ClientHelloPeekMiddleware> logger)
{
    public async Task OnConnectionAsync(ConnectionContext context)
    {
        PeekedClientHello? hello;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed))
        {
            timeout.CancelAfter(handshakeTimeout);
            try
            {
                hello = await PeekAsync(context, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Closed, or silent for as long as a whole handshake may take: not worth a TLS handshake timer on top.
                LogNoClientHello(context.RemoteEndPoint);
                return;
            }
        }
        if (hello is not null)
        {
            context.Features.Set(hello);
        }
        await next(context).ConfigureAwait(false);
    }

    private static async Task<PeekedClientHello?> PeekAsync(ConnectionContext context, CancellationToken cancellationToken)
    {
        var input = context.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = ClientHelloParser.TryParse(buffer, out var hello);
            if (status == ClientHelloParseStatus.Incomplete && !result.IsCompleted && !result.IsCanceled && buffer.Length < ClientHelloParser.MaxPeekBytes)
            {
                // Nothing consumed, everything examined: the next read waits for more bytes.
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            // Nothing consumed and nothing examined: TLS reads the same bytes at once.
            input.AdvanceTo(buffer.Start);
            return status == ClientHelloParseStatus.Complete ? hello : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a connection from {Remote} that sent no ClientHello in time.")]
    private partial void LogNoClientHello(System.Net.EndPoint? remote);
}
