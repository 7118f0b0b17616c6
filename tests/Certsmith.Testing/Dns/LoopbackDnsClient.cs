using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Certsmith.Testing.Dns;

/// <summary>Asks one DNS server on a loopback port one question.</summary>
internal static class LoopbackDnsClient
{
    /// <summary>
    /// What <paramref name="server"/> answered, or null when it did not answer within <paramref name="timeout"/>. An
    /// authoritative server is asked without recursion; a resolver needs <paramref name="recursionDesired"/> (RD, RFC 1035
    /// section 4.1.1), else it answers only from its cache or refuses.
    /// </summary>
    public static async Task<KnotAnswer?> QueryAsync(
        IPEndPoint server, string name, string type, bool recursionDesired, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var recordType = Enum.Parse<RecordType>(type, ignoreCase: true);
        using var client = Client(server, timeout);
        var options = new DnsQueryOptions { IsRecursionDesired = recursionDesired, IsEDnsEnabled = true };
        var reply = await client.ResolveAsync(DomainName.Parse(name), recordType, RecordClass.INet, options, cancellationToken).ConfigureAwait(false);
        return reply is null
            ? null
            : new KnotAnswer(Mnemonic(reply.ReturnCode), reply.IsAuthoritiveAnswer, reply.AnswerRecords.Select(ToRecord).ToList());
    }

    /// <summary>RCODE mnemonics as RFC 1035 and RFC 2136 write them.</summary>
    public static string Mnemonic(ReturnCode code) => code switch
    {
        ReturnCode.NoError => "NOERROR",
        ReturnCode.FormatError => "FORMERR",
        ReturnCode.ServerFailure => "SERVFAIL",
        ReturnCode.NxDomain => "NXDOMAIN",
        ReturnCode.NotImplemented => "NOTIMP",
        ReturnCode.Refused => "REFUSED",
        ReturnCode.NotAuthoritive => "NOTAUTH",
        ReturnCode.NotZone => "NOTZONE",
        _ => code.ToString().ToUpperInvariant(),
    };

    public static string Normalize(DomainName name) => name.ToString().TrimEnd('.').ToLowerInvariant();

    private static KnotRecord ToRecord(DnsRecordBase record)
    {
        var data = record switch
        {
            TxtRecord txt => txt.TextData,
            _ => RecordData(record),
        };
        return new KnotRecord(Normalize(record.Name), record.TimeToLive, record.RecordType.ToString().ToUpperInvariant(), data);
    }

    /// <summary>The RDATA of ARSoft's presentation form <c>owner ttl class type rdata</c>.</summary>
    private static string RecordData(DnsRecordBase record)
    {
        var parts = record.ToString().Split(' ', 5);
        return parts.Length == 5 ? parts[4] : string.Empty;
    }

    /// <summary>A port other than 53 needs ARSoft's constructor with transports (DESIGN.md, test bench facts).</summary>
    private static DnsClient Client(IPEndPoint server, TimeSpan timeout) =>
        new([server.Address], [new UdpClientTransport(server.Port), new TcpClientTransport(server.Port)], true, (int)timeout.TotalMilliseconds)
        {
            IsResponseValidationEnabled = true,
        };
}
