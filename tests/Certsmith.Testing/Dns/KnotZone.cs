namespace Certsmith.Testing.Dns;

/// <summary>
/// A zone a <see cref="KnotServer"/> serves. It always gets a SOA and NS records (<c>ns1.&lt;zone&gt;</c>, and
/// <c>ns2.&lt;zone&gt;</c> with a secondary, both <c>A 127.0.0.1</c>); <see cref="Records"/> adds to them.
/// </summary>
/// <param name="Name">The zone's apex, e.g. <c>hosted.test</c> (no trailing dot).</param>
public sealed record KnotZone(string Name)
{
    /// <summary>Extra zone-file lines, relative to the apex, e.g. <c>* A 127.0.0.1</c> or <c>_acme-challenge.www CNAME x.other.test.</c>.</summary>
    public IReadOnlyList<string> Records { get; init; } = [];

    /// <summary>Names of the <see cref="KnotOptions.Keys"/> that may send signed updates (RFC 2136) to this zone.</summary>
    public IReadOnlyList<string> UpdateKeys { get; init; } = [];
}
