using Certsmith.Core.Names;

namespace Certsmith.Core.Tests.Names;

public class DnsNameTests
{
    [Theory]
    [InlineData("www.example.org", "www.example.org")]
    [InlineData("WWW.Example.ORG", "www.example.org")]
    [InlineData("Bücher.Example.org", "xn--bcher-kva.example.org")]
    [InlineData("xn--bcher-kva.example.org", "xn--bcher-kva.example.org")]
    [InlineData("a-b.c-d.example", "a-b.c-d.example")]
    [InlineData("123.example.org", "123.example.org")]
    public void Valid_names_are_normalised_to_lower_case_a_labels(string input, string expected)
    {
        Assert.Equal(expected, DnsName.Parse(input).Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("www.example.org.", "ends with a dot")]
    [InlineData("*.example.org", "wildcard")]
    [InlineData("192.0.2.1", "IP address")]
    [InlineData("2001:db8::1", "IP address")]
    [InlineData("a_b.example.org", "'_'")]
    [InlineData("a b.example.org", "' '")]
    [InlineData("-ab.example.org", "hyphen")]
    [InlineData("a..example.org", "empty label")]
    [InlineData("localhost", "two labels")]
    [InlineData("example.123", "all digits")]
    [InlineData(" www.example.org", "spaces")]
    public void Invalid_names_are_refused_with_the_reason(string input, string reason)
    {
        var e = Assert.Throws<InvalidDnsNameException>(() => DnsName.Parse(input));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Over_long_names_and_labels_are_refused_with_their_length()
    {
        var label64 = new string('a', 64);
        var long254 = string.Join('.', Enumerable.Repeat(new string('b', 61), 4)) + ".abcdef";

        Assert.Contains("at most 63", Assert.Throws<InvalidDnsNameException>(() => DnsName.Parse(label64 + ".example.org")).Message, StringComparison.Ordinal);
        Assert.Equal(254, long254.Length);
        Assert.Contains("at most 253", Assert.Throws<InvalidDnsNameException>(() => DnsName.Parse(long254)).Message, StringComparison.Ordinal);
        Assert.Equal(253, DnsName.Parse(long254[1..]).Value.Length);
    }

    [Fact]
    public void Parent_and_wildcard_of_parent()
    {
        var name = DnsName.Parse("shop.customer.example.org");

        Assert.Equal("customer.example.org", name.Parent!.Value);
        Assert.Equal("*.customer.example.org", name.WildcardOfParent!.Value);
        Assert.True(name.WildcardOfParent.IsWildcard);
    }

    [Theory]
    [InlineData("*.example.org", "a.example.org", true)]
    [InlineData("*.example.org", "a.b.example.org", false)]
    [InlineData("*.example.org", "example.org", false)]
    [InlineData("a.example.org", "a.example.org", true)]
    [InlineData("a.example.org", "b.example.org", false)]
    public void A_wildcard_covers_exactly_one_label(string certificateName, string host, bool covers)
    {
        var name = certificateName.StartsWith('*') ? DnsName.ParseWildcard(certificateName) : DnsName.Parse(certificateName);
        Assert.Equal(covers, name.Covers(DnsName.Parse(host)));
    }

    [Fact]
    public void At_or_below_compares_whole_labels()
    {
        var domain = DnsName.Parse("example.org");

        Assert.True(DnsName.Parse("example.org").IsAtOrBelow(domain));
        Assert.True(DnsName.Parse("a.example.org").IsAtOrBelow(domain));
        Assert.False(DnsName.Parse("badexample.org").IsAtOrBelow(domain));
    }

    [Fact]
    public void Wildcards_need_two_labels_after_the_star()
    {
        Assert.Throws<InvalidDnsNameException>(() => DnsName.ParseWildcard("*.org"));
        Assert.Throws<InvalidDnsNameException>(() => DnsName.ParseWildcard("a.example.org"));
        Assert.Equal("*.example.org", DnsName.ParseWildcard("*.Example.ORG").Value);
    }
}
