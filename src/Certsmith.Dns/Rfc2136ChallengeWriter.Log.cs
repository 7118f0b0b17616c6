using Certsmith.Core.Dns;
using Microsoft.Extensions.Logging;

namespace Certsmith.Dns;

public sealed partial class Rfc2136ChallengeWriter
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS-01 record for {Name} goes to {RecordName} in zone {Zone}")]
    private static partial void LogLocated(ILogger logger, string name, string recordName, string zone);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DNS update ({Action}) of TXT {RecordName} in zone {Zone} accepted by {Server} in {ElapsedMs} ms")]
    private static partial void LogUpdated(ILogger logger, string action, string recordName, string zone, string server, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DNS update ({Action}) of TXT {RecordName} in zone {Zone} at {Server} with key {KeyName} failed ({Error}): {Reason}")]
    private static partial void LogUpdateFailed(ILogger logger, string action, string recordName, string zone, string server, string keyName, DnsChallengeError error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "TXT {RecordName} answered by all {ServerCount} authoritative servers after {ElapsedMs} ms")]
    private static partial void LogPropagated(ILogger logger, string recordName, int serverCount, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TXT {RecordName} did not propagate: {Reason}")]
    private static partial void LogNotPropagated(ILogger logger, string recordName, string reason);
}
