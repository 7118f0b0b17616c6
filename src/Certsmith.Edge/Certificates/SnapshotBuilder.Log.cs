using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

internal sealed partial class SnapshotBuilder
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Built the certificate snapshot at change stamp {ChangeStamp}: {HostCount} host names, {CertificateCount} certificates.")]
    private partial void LogBuilt(long changeStamp, int hostCount, int certificateCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {CertificateId} version {Version} cannot be served: its chain or key did not load ({ErrorType}); it is left out of the snapshot.")]
    private partial void LogUnloadable(Guid certificateId, long version, string errorType);
}
