using Certsmith.Dns.Internal;

namespace Certsmith.Dns.Tests.Unit;

public sealed class DnsServerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:5353", "127.0.0.1", 5353)]
    [InlineData("127.0.0.1", "127.0.0.1", 53)]
    [InlineData("ns1.platform.example", "ns1.platform.example", 53)]
    [InlineData("ns1.platform.example:5300", "ns1.platform.example", 5300)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("[::1]", "::1", 53)]
    [InlineData("::1", "::1", 53)]
    public void Parses_host_and_port_with_53_by_default(string text, string host, int port)
    {
        Assert.True(DnsServerAddress.TryParse(text, out var address));
        Assert.Equal(new DnsServerAddress(host, port), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:x")]
    [InlineData("bad host:53")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("fe80::1:zz")]
    public void Refuses_what_is_not_host_and_port(string text) => Assert.False(DnsServerAddress.TryParse(text, out _));

    [Fact]
    public void Prints_IPv6_in_brackets() => Assert.Equal("[::1]:53", new DnsServerAddress("::1", 53).ToString());

    [Fact]
    public void Resolv_conf_name_servers_are_read_in_order_and_default_to_the_local_machine()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# comment\nsearch example.org\nnameserver 10.0.0.2\nnameserver\tfe80::1%eth0\nnameserver not-an-ip\noptions ndots:1\n");
            Assert.Equal(["10.0.0.2", "fe80::1"], ResolvConf.ReadNameServers(path).Select(a => a.ToString()));

            File.WriteAllText(path, "search example.org\n");
            Assert.Equal(["127.0.0.1"], ResolvConf.ReadNameServers(path).Select(a => a.ToString()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
