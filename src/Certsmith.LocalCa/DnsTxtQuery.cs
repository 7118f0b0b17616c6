using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Certsmith.LocalCa;

/// <summary>
/// Just enough of RFC 1035 to ask one server for the TXT strings of one name over UDP:
/// no recursion, no TCP fallback, answers with compressed names. Enough to see what a test DNS
/// server (pebble-challtestsrv, Knot) answers for <c>_acme-challenge</c> names.
/// </summary>
public static class DnsTxtQuery
{
    private const ushort TypeTxt = 16;
    private const ushort ClassIn = 1;

    /// <summary>The TXT strings <paramref name="server"/> answers for <paramref name="name"/>; empty when it has none.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">Nothing listens on the port (ICMP port unreachable).</exception>
    public static async Task<IReadOnlyList<string>> QueryAsync(IPEndPoint server, string name, CancellationToken cancellationToken)
    {
        var id = (ushort)Random.Shared.Next(ushort.MaxValue);
        var query = BuildQuery(id, name);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        udp.Connect(server);
        await udp.SendAsync(query, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var reply = await udp.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            var txt = ParseTxtAnswers(reply.Buffer, id);
            if (txt is not null)
            {
                return txt;
            }
        }
    }

    private static byte[] BuildQuery(ushort id, string name)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 0x0100); // standard query, recursion desired
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 1);      // QDCOUNT
        message.AddRange(header);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.Add(0);
        message.AddRange([0, (byte)TypeTxt, 0, (byte)ClassIn]);
        return [.. message];
    }

    /// <summary>The TXT strings, or null when the reply is for another query.</summary>
    private static List<string>? ParseTxtAnswers(byte[] reply, ushort id)
    {
        if (reply.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(reply) != id)
        {
            return null;
        }

        var questions = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(4));
        var answers = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6));
        var offset = 12;
        for (var i = 0; i < questions; i++)
        {
            offset = SkipName(reply, offset) + 4; // QTYPE, QCLASS
        }

        var strings = new List<string>();
        for (var i = 0; i < answers; i++)
        {
            offset = SkipName(reply, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(offset + 8));
            var data = offset + 10;
            offset = data + length;
            if (type != TypeTxt)
            {
                continue;
            }

            // RDATA is one or more <length><bytes> character-strings.
            for (var at = data; at < offset; at += 1 + reply[at])
            {
                strings.Add(Encoding.ASCII.GetString(reply, at + 1, reply[at]));
            }
        }

        return strings;
    }

    private static int SkipName(byte[] message, int offset)
    {
        while (true)
        {
            var length = message[offset];
            if (length == 0)
            {
                return offset + 1;
            }

            if ((length & 0xC0) == 0xC0)
            {
                return offset + 2; // compression pointer ends the name
            }

            offset += 1 + length;
        }
    }
}
