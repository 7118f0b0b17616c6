using System.Buffers;
using System.Net.Security;
using System.Text;
using Certsmith.Acme.Challenges;
using Certsmith.Edge.Tests.Support;
using Certsmith.Edge.Tls;

namespace Certsmith.Edge.Tests.Tls;

/// <summary>The ClientHello reader on real ClientHellos from .NET's TLS client, whole, re-cut and broken.</summary>
public sealed class ClientHelloParserTests
{
    private const string Name = "www.shop.example";

    [Fact]
    public async Task ReadsTheServerNameAndAcmeTlsFromAValidationHello()
    {
        var bytes = await ClientHellos.CaptureAsync(Name, TlsAlpn01.Protocol);

        var hello = Parse(bytes, ClientHelloParseStatus.Complete);

        Assert.Equal(Name, hello.ServerName);
        Assert.Equal([TlsAlpn01.Protocol], hello.ApplicationProtocols);
        Assert.True(hello.OffersAcmeTls);
    }

    [Fact]
    public async Task ReadsABrowserLikeHelloAsNotOfferingAcmeTls()
    {
        var bytes = await ClientHellos.CaptureAsync(Name, SslApplicationProtocol.Http2, SslApplicationProtocol.Http11);

        var hello = Parse(bytes, ClientHelloParseStatus.Complete);

        Assert.Equal(Name, hello.ServerName);
        Assert.Equal([SslApplicationProtocol.Http2, SslApplicationProtocol.Http11], hello.ApplicationProtocols);
        Assert.False(hello.OffersAcmeTls);
    }

    [Fact]
    public async Task AHelloWithoutAlpnOffersNoProtocol()
    {
        var hello = Parse(await ClientHellos.CaptureAsync(Name), ClientHelloParseStatus.Complete);

        Assert.Equal(Name, hello.ServerName);
        Assert.Empty(hello.ApplicationProtocols);
        Assert.False(hello.OffersAcmeTls);
    }

    [Fact]
    public async Task AHelloWithoutSniHasNoServerName()
    {
        var hello = Parse(await ClientHellos.CaptureAsync(null, TlsAlpn01.Protocol), ClientHelloParseStatus.Complete);

        Assert.Null(hello.ServerName);
        Assert.True(hello.OffersAcmeTls);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task AHelloFragmentedOverSeveralRecordsReadsTheSame(int fragment)
    {
        var bytes = await ClientHellos.CaptureAsync(Name, SslApplicationProtocol.Http11, TlsAlpn01.Protocol);
        var fragmented = ClientHellos.Refragment(bytes, fragment);
        Assert.True(fragmented.Length > bytes.Length, "the hello now spans several records");

        var hello = Parse(fragmented, ClientHelloParseStatus.Complete);

        Assert.Equal(Name, hello.ServerName);
        Assert.Equal([SslApplicationProtocol.Http11, TlsAlpn01.Protocol], hello.ApplicationProtocols);
    }

    [Fact]
    public async Task EveryPrefixOfAFragmentedHelloAsksForMoreAndTheWholeOneIsRead()
    {
        var bytes = ClientHellos.Refragment(await ClientHellos.CaptureAsync(Name, TlsAlpn01.Protocol), 64);

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(ClientHelloParseStatus.Incomplete, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(bytes, 0, length), out _));
        }
        Assert.Equal(ClientHelloParseStatus.Complete, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(bytes), out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(333)]
    public async Task AHelloArrivingInSeveralReadsIsReadAcrossTheSegments(int segment)
    {
        var bytes = await ClientHellos.CaptureAsync(Name, TlsAlpn01.Protocol);

        var status = ClientHelloParser.TryParse(ClientHellos.Segmented(bytes, segment), out var hello);

        Assert.Equal(ClientHelloParseStatus.Complete, status);
        Assert.Equal(Name, hello!.ServerName);
        Assert.True(hello.OffersAcmeTls);
    }

    [Fact]
    public async Task BytesAfterTheHelloAreIgnored()
    {
        var bytes = await ClientHellos.CaptureAsync(Name, TlsAlpn01.Protocol);

        var hello = Parse([.. bytes, 23, 3, 3, 0, 1, 0], ClientHelloParseStatus.Complete);

        Assert.Equal(Name, hello.ServerName);
    }

    [Fact]
    public void PlainHttpIsRefusedAtOnce()
    {
        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("G")), out _));
        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\n\r\n")), out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x2E, 0x01, 0x03, 0x01 })] // an SSLv2-style hello
    [InlineData(new byte[] { 22, 3, 1, 0, 0 })] // an empty handshake fragment (RFC 8446 §5.1)
    [InlineData(new byte[] { 22, 3, 1, 0x48, 0x01 })] // a record longer than 2^14
    [InlineData(new byte[] { 22, 2, 0, 0, 4, 1, 0, 0, 0 })] // not TLS 1.x
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 2, 0, 0, 0 })] // a ServerHello, not a ClientHello
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0, 0, 0 })] // a ClientHello with an empty body
    [InlineData(new byte[] { 22, 3, 1, 0, 4, 1, 0x01, 0, 0 })] // a ClientHello claiming 64 KiB
    public void GarbageIsInvalid(byte[] bytes)
    {
        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(bytes), out var hello));
        Assert.Null(hello);
    }

    [Fact]
    public async Task AHelloWhoseExtensionsOverrunItsBodyIsInvalid()
    {
        var bytes = await ClientHellos.CaptureAsync(Name, TlsAlpn01.Protocol);
        // Cut the last extension short inside the handshake message while keeping every length above it consistent.
        var truncated = bytes[..^3];
        truncated[3] = (byte)((truncated.Length - 5) >> 8);
        truncated[4] = (byte)(truncated.Length - 5);
        var bodyLength = truncated.Length - 9;
        truncated[6] = (byte)(bodyLength >> 16);
        truncated[7] = (byte)(bodyLength >> 8);
        truncated[8] = (byte)bodyLength;

        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(truncated), out _));
    }

    [Fact]
    public void AHelloLargerThanTheBoundIsNotWaitedFor()
    {
        // A well-formed start of a ClientHello of 15,000 bytes in records of 2^14, followed by more than the bound.
        var body = new byte[ClientHelloParser.MaxPeekBytes + 100];
        byte[] start = [22, 3, 1, 0x40, 0x00, 1, 0x00, 0x3A, 0x98];
        start.CopyTo(body, 0);

        Assert.Equal(ClientHelloParseStatus.Invalid, ClientHelloParser.TryParse(new ReadOnlySequence<byte>(body), out _));
    }

    private static PeekedClientHello Parse(byte[] bytes, ClientHelloParseStatus expected)
    {
        var status = ClientHelloParser.TryParse(new ReadOnlySequence<byte>(bytes), out var hello);
        Assert.Equal(expected, status);
        return hello!;
    }
}
