using ARSoft.Tools.Net.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>RCODE and TSIG error names as the RFCs write them (ARSoft's enum prints 16 as BadVersion, not BADSIG).</summary>
internal static class Mnemonics
{
    public static string ReturnCode(ReturnCode code) => (int)code switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        _ => "RCODE " + ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>RFC 8945 §5.3: the TSIG error field.</summary>
    public static string TsigError(ReturnCode code) => (int)code switch
    {
        16 => "BADSIG",
        17 => "BADKEY",
        18 => "BADTIME",
        22 => "BADTRUNC",
        _ => ReturnCode(code),
    };

    public static string Type(RecordType type) => type.ToString().ToUpperInvariant();
}
