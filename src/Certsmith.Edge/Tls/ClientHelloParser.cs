using System.Buffers;
using System.Buffers.Binary;
using System.Net.Security;
using System.Text;

namespace Certsmith.Edge.Tls;

/// <summary>
/// Reads the SNI and ALPN extensions from the TLS records that start a connection, without any TLS state:
/// handshake records (RFC 8446 §5.1; a ClientHello may be fragmented over several), the ClientHello
/// (RFC 8446 §4.1.2, the same layout as RFC 5246 §7.4.1.2), server_name (RFC 6066 §3) and
/// application_layer_protocol_negotiation (RFC 7301 §3.1). Anything it cannot read is
/// <see cref="ClientHelloParseStatus.Invalid"/>; it never throws on input. Thread-safe (no state).
/// </summary>
internal static class ClientHelloParser
{
    /// <summary>
    /// The most bytes waited for. A ClientHello with post-quantum key shares is about 2 KiB; one record may be
    /// 16 KiB (RFC 8446 §5.1). Beyond that the connection is not worth holding: TLS takes it as it is.
    /// </summary>
    public const int MaxPeekBytes = 16 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const int RecordHeaderLength = 5;
    private const int MaxRecordLength = 1 << 14;
    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const byte HostNameType = 0;

    /// <summary>Parses what the connection has sent so far (only the first <see cref="MaxPeekBytes"/> are looked at).</summary>
    public static ClientHelloParseStatus TryParse(ReadOnlySequence<byte> buffer, out PeekedClientHello? hello)
    {
        hello = null;
        var length = (int)Math.Min(buffer.Length, MaxPeekBytes);
        if (length == 0)
        {
            return ClientHelloParseStatus.Incomplete;
        }
        var rented = ArrayPool<byte>.Shared.Rent(length * 2);
        try
        {
            var data = rented.AsSpan(0, length);
            buffer.Slice(0, length).CopyTo(data);
            // The handshake message, reassembled from the records' fragments, goes in the second half.
            var message = rented.AsSpan(length, length);
            return Parse(data, message, buffer.Length > MaxPeekBytes, out hello);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ClientHelloParseStatus Parse(ReadOnlySpan<byte> data, Span<byte> message, bool truncated, out PeekedClientHello? hello)
    {
        hello = null;
        var filled = 0;
        while (true)
        {
            if (data.Length < RecordHeaderLength)
            {
                // A record header is checked as soon as its first byte is here, so garbage is refused without waiting.
                return data.Length > 0 && data[0] != HandshakeRecord ? ClientHelloParseStatus.Invalid : More(truncated);
            }
            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
            if (data[0] != HandshakeRecord || data[1] != 3 || recordLength is 0 or > MaxRecordLength)
            {
                // Not TLS 1.x (an SSLv2 hello starts with 0x80), or an empty fragment, which RFC 8446 §5.1 forbids.
                return ClientHelloParseStatus.Invalid;
            }
            if (data.Length < RecordHeaderLength + recordLength)
            {
                return More(truncated);
            }
            data.Slice(RecordHeaderLength, recordLength).CopyTo(message[filled..]);
            filled += recordLength;
            data = data[(RecordHeaderLength + recordLength)..];

            if (filled < 4)
            {
                continue;
            }
            if (message[0] != ClientHelloMessage)
            {
                return ClientHelloParseStatus.Invalid;
            }
            var bodyLength = (message[1] << 16) | (message[2] << 8) | message[3];
            if (bodyLength > MaxPeekBytes)
            {
                return ClientHelloParseStatus.Invalid;
            }
            if (filled >= 4 + bodyLength)
            {
                hello = ParseBody(message.Slice(4, bodyLength));
                return hello is null ? ClientHelloParseStatus.Invalid : ClientHelloParseStatus.Complete;
            }
        }
    }

    private static ClientHelloParseStatus More(bool truncated) => truncated ? ClientHelloParseStatus.Invalid : ClientHelloParseStatus.Incomplete;

    /// <summary>RFC 8446 §4.1.2: version, random, session id, cipher suites, compression methods, extensions.</summary>
    private static PeekedClientHello? ParseBody(ReadOnlySpan<byte> body)
    {
        var reader = new Reader(body);
        if (!reader.Skip(2 + 32)
            || !reader.TryVector8(out var sessionId) || sessionId.Length > 32
            || !reader.TryVector16(out var suites) || suites.Length < 2 || suites.Length % 2 != 0
            || !reader.TryVector8(out var compression) || compression.Length < 1)
        {
            return null;
        }
        if (reader.IsEmpty)
        {
            // No extensions at all (allowed before TLS 1.3): no SNI, no ALPN.
            return new PeekedClientHello(null, []);
        }
        if (!reader.TryVector16(out var extensions) || !reader.IsEmpty)
        {
            return null;
        }

        string? serverName = null;
        IReadOnlyList<SslApplicationProtocol> protocols = [];
        bool seenName = false, seenAlpn = false;
        var list = new Reader(extensions);
        while (!list.IsEmpty)
        {
            if (!list.TryUInt16(out var type) || !list.TryVector16(out var extension))
            {
                return null;
            }
            switch (type)
            {
                case ServerNameExtension:
                    // RFC 8446 §4.2: one extension of a type at most.
                    if (seenName || !TryServerName(extension, out serverName))
                    {
                        return null;
                    }
                    seenName = true;
                    break;
                case AlpnExtension:
                    if (seenAlpn || !TryProtocols(extension, out protocols))
                    {
                        return null;
                    }
                    seenAlpn = true;
                    break;
                default:
                    break;
            }
        }
        return new PeekedClientHello(serverName, protocols);
    }

    /// <summary>RFC 6066 §3: a ServerNameList; the host_name entry is ASCII (an A-label) without a trailing dot.</summary>
    private static bool TryServerName(ReadOnlySpan<byte> extension, out string? serverName)
    {
        serverName = null;
        var outer = new Reader(extension);
        if (!outer.TryVector16(out var names) || !outer.IsEmpty || names.IsEmpty)
        {
            return false;
        }
        var reader = new Reader(names);
        while (!reader.IsEmpty)
        {
            if (!reader.TryUInt8(out var nameType) || !reader.TryVector16(out var name))
            {
                return false;
            }
            if (nameType != HostNameType || serverName is not null)
            {
                continue;
            }
            if (name.IsEmpty || !Ascii.IsValid(name))
            {
                return false;
            }
            serverName = Encoding.ASCII.GetString(name);
        }
        return true;
    }

    /// <summary>RFC 7301 §3.1: a non-empty ProtocolNameList of non-empty names.</summary>
    private static bool TryProtocols(ReadOnlySpan<byte> extension, out IReadOnlyList<SslApplicationProtocol> protocols)
    {
        protocols = [];
        var outer = new Reader(extension);
        if (!outer.TryVector16(out var names) || !outer.IsEmpty || names.IsEmpty)
        {
            return false;
        }
        var list = new List<SslApplicationProtocol>();
        var reader = new Reader(names);
        while (!reader.IsEmpty)
        {
            if (!reader.TryVector8(out var name) || name.IsEmpty)
            {
                return false;
            }
            list.Add(new SslApplicationProtocol(name.ToArray()));
        }
        protocols = list;
        return true;
    }

    /// <summary>Bounds-checked reads of TLS's big-endian integers and length-prefixed vectors (RFC 8446 §3.4).</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public readonly bool IsEmpty => _data.IsEmpty;

        public bool Skip(int count)
        {
            if (_data.Length < count)
            {
                return false;
            }
            _data = _data[count..];
            return true;
        }

        public bool TryUInt8(out byte value)
        {
            value = 0;
            if (_data.IsEmpty)
            {
                return false;
            }
            value = _data[0];
            _data = _data[1..];
            return true;
        }

        public bool TryUInt16(out ushort value)
        {
            value = 0;
            if (_data.Length < 2)
            {
                return false;
            }
            value = BinaryPrimitives.ReadUInt16BigEndian(_data);
            _data = _data[2..];
            return true;
        }

        public bool TryVector8(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryUInt8(out var length) && TryTake(length, out vector);
        }

        public bool TryVector16(out ReadOnlySpan<byte> vector)
        {
            vector = default;
            return TryUInt16(out var length) && TryTake(length, out vector);
        }

        private bool TryTake(int length, out ReadOnlySpan<byte> vector)
        {
            vector = default;
            if (_data.Length < length)
            {
                return false;
            }
            vector = _data[..length];
            _data = _data[length..];
            return true;
        }
    }
}
