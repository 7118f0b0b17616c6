using System.Buffers;
using System.Net.Security;

namespace Certsmith.Edge.Tests.Support;

/// <summary>Real ClientHello bytes, captured from .NET's own TLS client (OpenSSL underneath), and ways to cut them up.</summary>
public static class ClientHellos
{
    /// <summary>The first flight an <see cref="SslStream"/> client sends: its ClientHello in one or more records.</summary>
    public static async Task<byte[]> CaptureAsync(string? serverName, params SslApplicationProtocol[] protocols)
    {
        var capture = new CaptureStream();
        await using var tls = new SslStream(capture);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = serverName ?? "",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        };
        if (protocols.Length > 0)
        {
            options.ApplicationProtocols = [.. protocols];
        }
        await Assert.ThrowsAsync<IOException>(() => tls.AuthenticateAsClientAsync(options));
        return capture.Written;
    }

    /// <summary>The same handshake message re-cut into records of at most <paramref name="fragment"/> bytes (RFC 8446 §5.1 allows it).</summary>
    public static byte[] Refragment(byte[] records, int fragment)
    {
        var message = new List<byte>();
        for (var at = 0; at < records.Length;)
        {
            var length = (records[at + 3] << 8) | records[at + 4];
            message.AddRange(records.AsSpan(at + 5, length).ToArray());
            at += 5 + length;
        }
        var output = new List<byte>();
        for (var at = 0; at < message.Count; at += fragment)
        {
            var chunk = Math.Min(fragment, message.Count - at);
            output.AddRange([22, 3, 1, (byte)(chunk >> 8), (byte)chunk]);
            output.AddRange(message.GetRange(at, chunk));
        }
        return [.. output];
    }

    /// <summary>The bytes as a sequence of several segments, as a pipe hands over what arrived in several reads.</summary>
    public static ReadOnlySequence<byte> Segmented(byte[] bytes, int segment)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += segment)
        {
            var memory = bytes.AsMemory(at, Math.Min(segment, bytes.Length - at));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Keeps what the client writes; the first read fails, ending the handshake after the ClientHello.</summary>
    private sealed class CaptureStream : Stream
    {
        private readonly MemoryStream _written = new();

        public byte[] Written => _written.ToArray();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("captured");
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(new IOException("captured"));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
