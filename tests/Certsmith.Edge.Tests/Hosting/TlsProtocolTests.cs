using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Hosting;

/// <summary>TLS 1.2 and 1.3 only (RFC 8996 deprecates 1.0 and 1.1); HTTP/2 and HTTP/1.1 by ALPN.</summary>
public sealed class TlsProtocolTests : IAsyncLifetime
{
    private const string Host = "www.shop.example";
    private EdgeBench _bench = null!;

    public async Task InitializeAsync()
    {
        _bench = await EdgeBench.CreateAsync();
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, Host);
        await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), Host);
        await _bench.StartAsync();
    }

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls12And13AreAccepted(SslProtocols protocol)
    {
        await using var connection = await TlsConnection.OpenAsync(_bench.Running.HttpsPort, Host, protocol);

        Assert.Equal(protocol, connection.Protocol);
        Assert.Equal(200, (await connection.GetAsync(Host, "/")).Status);
    }

    /// <summary>
    /// A hand-made TLS 1.1 ClientHello: the machine's OpenSSL will not let a .NET client offer TLS 1.1 at
    /// all, so this is the only way to see what the edge itself answers. It must not be a ServerHello.
    /// </summary>
    [Fact]
    public async Task Tls11ClientHelloIsRefused()
    {
        var answer = await FirstRecordHeaderAsync(ClientHello(Host, minor: 2));

        // Nothing (closed), or an alert record (21); never a handshake record (22) carrying a ServerHello.
        Assert.True(answer.Length == 0 || answer[0] == 21, $"The edge answered a TLS 1.1 ClientHello with record type {answer[0]}.");
    }

    /// <summary>The control for the test above: the same hand-made hello, saying TLS 1.2, gets a ServerHello.</summary>
    [Fact]
    public async Task Tls12ClientHelloMadeTheSameWayGetsAServerHello()
    {
        var answer = await FirstRecordHeaderAsync(ClientHello(Host, minor: 3));

        Assert.Equal(22, Assert.Single(answer[..1]));
    }

    private async Task<byte[]> FirstRecordHeaderAsync(byte[] clientHello)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _bench.Running.HttpsPort);
        await socket.SendAsync(clientHello, SocketFlags.None);

        var answer = new byte[5];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = 0;
        try
        {
            read = await socket.ReceiveAsync(answer, SocketFlags.None, timeout.Token);
        }
        catch (SocketException)
        {
            // Reset: refused as well.
        }
        return answer[..read];
    }

    /// <summary>
    /// RFC 4346 §7.4.1.2: a ClientHello of TLS 1.<paramref name="minor"/> - 1 with ECDHE suites, SNI
    /// (RFC 6066 §3), supported groups P-256 (RFC 8422 §5.1.1) and ecdsa_secp256r1_sha256 signatures (RFC 5246 §7.4.1.4.1).
    /// </summary>
    private static byte[] ClientHello(string serverName, byte minor)
    {
        var name = Encoding.ASCII.GetBytes(serverName);
        var sni = new List<byte>();
        sni.AddRange(U16(0)); // server_name
        sni.AddRange(U16(name.Length + 5));
        sni.AddRange(U16(name.Length + 3));
        sni.Add(0); // host_name
        sni.AddRange(U16(name.Length));
        sni.AddRange(name);
        sni.AddRange([0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17]); // supported_groups: secp256r1
        sni.AddRange([0x00, 0x0B, 0x00, 0x02, 0x01, 0x00]); // ec_point_formats: uncompressed
        sni.AddRange([0x00, 0x0D, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03]); // signature_algorithms: ecdsa_secp256r1_sha256

        var body = new List<byte> { 3, minor }; // client_version
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(0); // session_id
        // GCM suites (what .NET allows on Linux; a 1.2 server could pick them) and the CBC ones TLS 1.1 knows.
        byte[] suites = [0xC0, 0x2B, 0xC0, 0x2F, 0xC0, 0x2C, 0xC0, 0x13, 0xC0, 0x09, 0x00, 0x2F, 0x00, 0x35];
        body.AddRange(U16(suites.Length));
        body.AddRange(suites);
        body.AddRange([1, 0]); // compression: null
        body.AddRange(U16(sni.Count));
        body.AddRange(sni);

        var handshake = new List<byte> { 1, 0, (byte)(body.Count >> 8), (byte)body.Count }; // client_hello, uint24 length
        handshake.AddRange(body);
        var record = new List<byte> { 22, 3, 1 }; // handshake record (version 3.1 for compatibility, RFC 8446 §5.1)
        record.AddRange(U16(handshake.Count));
        record.AddRange(handshake);
        return [.. record];
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
