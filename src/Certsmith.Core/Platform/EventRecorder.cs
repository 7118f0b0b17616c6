using Certsmith.Core.Events;
using Certsmith.Core.Storage;

namespace Certsmith.Core.Platform;

/// <summary>Writes history entries with the injected clock. Thread-safe.</summary>
public sealed class EventRecorder(IEventLog log, TimeProvider time)
{
    /// <summary>Records an event on a certificate and/or an address.</summary>
    public Task RecordAsync(Guid tenantId, Guid? certificateId, Guid? addressId, string kind, string message, CancellationToken cancellationToken) =>
        log.AppendAsync(new PlatformEvent(0, tenantId, certificateId, addressId, time.GetUtcNow(), kind, message), cancellationToken);
}
