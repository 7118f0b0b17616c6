using Certsmith.Core.Names;

namespace Certsmith.Core.Tests.Names;

/// <summary>Against Debian's copy of the list (the publicsuffix package), as production uses it.</summary>
public class PublicSuffixListTests
{
    private static readonly PublicSuffixList List = PublicSuffixList.Load();

    [Theory]
    [InlineData("co.uk", true)]
    [InlineData("github.io", true)]
    [InlineData("example.org", false)]
    [InlineData("someone.github.io", false)]
    public void Public_suffixes_are_recognised(string name, bool isSuffix)
    {
        Assert.Equal(isSuffix, List.IsPublicSuffix(DnsName.Parse(name)));
    }

    [Theory]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("a.b.example.org", "example.org")]
    [InlineData("someone.github.io", "someone.github.io")]
    [InlineData("shop.someone.github.io", "someone.github.io")]
    [InlineData("*.example.org", "example.org")]
    public void Registrable_domain(string name, string expected)
    {
        var dns = name.StartsWith('*') ? DnsName.ParseWildcard(name) : DnsName.Parse(name);
        Assert.Equal(expected, List.RegistrableDomain(dns));
    }

    [Fact]
    public void Wildcard_and_exception_rules_follow_the_algorithm()
    {
        var list = PublicSuffixList.Parse(["// test", "*.ck", "!www.ck", "com"]);

        Assert.Equal("example.ck", list.PublicSuffix(DnsName.Parse("a.example.ck")));
        Assert.Equal("ck", list.PublicSuffix(DnsName.Parse("www.ck")));
        Assert.Equal("www.ck", list.RegistrableDomain(DnsName.Parse("a.www.ck")));
        Assert.Null(list.RegistrableDomain(DnsName.Parse("example.ck")));
        Assert.Equal("unknowntld", list.PublicSuffix(DnsName.Parse("a.b.unknowntld")));
    }
}
