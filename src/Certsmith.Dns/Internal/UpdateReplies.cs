using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>
/// Reads a reply to a signed update (RFC 2136 §2.2, RFC 8945 §5.3). ARSoft does not throw on a rejected key, so
/// the return code and the TSIG error decide; a success must carry a valid signature of our key.
/// </summary>
internal static class UpdateReplies
{
    /// <summary>The failure the reply reports, or null when the server accepted the update.</summary>
    public static DnsChallengeException? Check(DnsUpdateMessage reply, DnsServerSet server, string zone, string keyName)
    {
        var tsigError = reply.TSigOptions?.Error ?? ReturnCode.NoError;
        switch (reply.ReturnCode)
        {
            case ReturnCode.NotAuthoritive when tsigError != ReturnCode.NoError:
                return new DnsChallengeException(DnsChallengeError.BadKey, BadKeyMessage(server, zone, keyName, tsigError));
            case ReturnCode.NotAuthoritive or ReturnCode.NotZone:
                return new DnsChallengeException(DnsChallengeError.ZoneNotServed, $"the DNS server at {server} does not serve the zone {zone}");
            case ReturnCode.Refused:
                return new DnsChallengeException(DnsChallengeError.Refused, $"the DNS server at {server} refused updates to {zone} with key '{keyName}'");
            case ReturnCode.NoError when reply.TSigOptions is not { ValidationResult: ReturnCode.NoError }:
                // RFC 8945 §5.3.1: an unsigned or badly signed success may be forged; the update cannot be trusted.
                return new DnsChallengeException(
                    DnsChallengeError.Failed, $"the DNS server at {server} answered the update to {zone} without a valid signature of key '{keyName}'");
            case ReturnCode.NoError:
                return null;
            default:
                return new DnsChallengeException(
                    DnsChallengeError.Failed, $"the DNS server at {server} answered the update to {zone} with {Mnemonics.ReturnCode(reply.ReturnCode)}");
        }
    }

    private static string BadKeyMessage(DnsServerSet server, string zone, string keyName, ReturnCode tsigError)
    {
        var error = Mnemonics.TsigError(tsigError);
        var why = error switch
        {
            // Knot (and others) answer BADKEY both for a key they do not know and for one the zone's ACL does not name.
            "BADKEY" => $": it does not know the key, or does not let it update {zone}",
            "BADSIG" => ": the secret does not match the server's",
            "BADTIME" => ": the clocks differ by more than the allowed 300 s",
            _ => string.Empty,
        };
        return $"the DNS server at {server} rejected the TSIG key '{keyName}' ({error}{why})";
    }
}
