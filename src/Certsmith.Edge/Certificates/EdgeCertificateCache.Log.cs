using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

internal sealed partial class EdgeCertificateCache
{
    // The exception comes from the store or the snapshot build; private keys never reach an exception message.
    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding the certificate snapshot failed; the snapshot of change stamp {ChangeStamp} keeps serving.")]
    private partial void LogRebuildFailed(Exception exception, long? changeStamp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the store's change stamp failed; the current snapshot keeps serving.")]
    private partial void LogStampFailed(Exception exception);
}
