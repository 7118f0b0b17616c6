using Certsmith.Core.Events;

namespace Certsmith.Core.Storage;

/// <summary>The history of certificates and addresses. Append-only; thread-safe.</summary>
public interface IEventLog
{
    /// <summary>Appends an event (its Id is assigned by the store).</summary>
    Task AppendAsync(PlatformEvent platformEvent, CancellationToken cancellationToken);

    /// <summary>Events of a certificate and/or an address, oldest first, at most <paramref name="max"/> newest.</summary>
    Task<IReadOnlyList<PlatformEvent>> ListAsync(Guid? certificateId, Guid? addressId, int max, CancellationToken cancellationToken);
}
