namespace Certsmith.Testing.Dns;

/// <summary>One resource record as Knot presents it.</summary>
/// <param name="Owner">The owner name, lower case, without the trailing dot.</param>
/// <param name="Ttl">Seconds.</param>
/// <param name="Type">The type mnemonic, e.g. <c>TXT</c>.</param>
/// <param name="Data">
/// The data in zone-file form (<c>"v1" "v2"</c>, <c>ns1.hosted.test.</c>), except TXT from <see cref="KnotServer.QueryAsync"/>,
/// which is the record's strings joined without quotes.
/// </param>
public sealed record KnotRecord(string Owner, int Ttl, string Type, string Data);
