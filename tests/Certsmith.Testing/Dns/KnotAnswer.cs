namespace Certsmith.Testing.Dns;

/// <summary>What one server answered to one query.</summary>
/// <param name="ReturnCode">The RCODE mnemonic: <c>NOERROR</c>, <c>NXDOMAIN</c>, <c>REFUSED</c>…</param>
/// <param name="IsAuthoritative">The AA bit.</param>
/// <param name="Answers">The answer section (TXT data joined and unquoted).</param>
public sealed record KnotAnswer(string ReturnCode, bool IsAuthoritative, IReadOnlyList<KnotRecord> Answers)
{
    /// <summary>The data of the answers of <paramref name="type"/>.</summary>
    public IReadOnlyList<string> DataOf(string type) =>
        Answers.Where(a => string.Equals(a.Type, type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Data).ToList();
}
