using Microsoft.Extensions.Logging;

namespace Certsmith.Edge.Certificates;

internal sealed partial class SnapshotBuilder
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Built the certificate snapshot at change stamp {ChangeStamp}: {HostCount} host names, {CertificateCount} certificates.")]
    private partial void LogBuilt(long changeStamp, int hostCount, int certificateCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Brought the certificate snapshot to change stamp {ChangeStamp}: {Certificates} certificates, {Addresses} addresses and {Sites} sites changed.")]
    private partial void LogApplied(long changeStamp, int certificates, int addresses, int sites);
}
