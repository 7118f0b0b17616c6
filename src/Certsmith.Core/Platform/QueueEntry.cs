using Certsmith.Core.Certificates;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>One queued piece of work with what it is about (the platform admin's queue view).</summary>
/// <param name="Item">The work item: what, when due, attempts, the lease, the last error.</param>
/// <param name="Certificate">The certificate it works on, or null when it is gone (the item completes at its next lease).</param>
/// <param name="Tenant">The certificate's tenant, or null with the certificate.</param>
public sealed record QueueEntry(WorkItem Item, CertificateRecord? Certificate, Tenant? Tenant);
