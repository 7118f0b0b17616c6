namespace Certsmith.Core.Issuance;

/// <summary>
/// Named points in the issuance pipeline where the crash-safety tests kill the process (kill -9) to prove
/// that a restart resumes the stored order. Production runs the no-op <see cref="NoFaults"/>.
/// </summary>
public interface IFaultInjector
{
    /// <summary>The pipeline reached <paramref name="point"/> (one of <see cref="FaultPoints"/>).</summary>
    void Reached(string point);
}

/// <summary>The points, in pipeline order (issue 4, "Crash safety").</summary>
public static class FaultPoints
{
    /// <summary>The intent is stored; the CA has not been asked for an order.</summary>
    public const string BeforeOrderCreated = "before-order-created";

    /// <summary>The CA created the order; the platform has not stored its URL (the one window that can abandon an order).</summary>
    public const string OrderCreatedNotStored = "order-created-not-stored";

    /// <summary>The order URL is stored.</summary>
    public const string OrderStored = "order-stored";

    /// <summary>Challenge answers are published; the CA has not been told to validate.</summary>
    public const string ChallengesPending = "challenges-pending";

    /// <summary>The CSR was sent; the certificate is not downloaded.</summary>
    public const string FinalizedNotDownloaded = "finalized-not-downloaded";

    /// <summary>The certificate is downloaded; the store does not have it yet.</summary>
    public const string DownloadedNotActivated = "downloaded-not-activated";

    /// <summary>Every point.</summary>
    public static IReadOnlyList<string> All { get; } =
        [BeforeOrderCreated, OrderCreatedNotStored, OrderStored, ChallengesPending, FinalizedNotDownloaded, DownloadedNotActivated];
}

/// <summary>No faults: what production runs.</summary>
public sealed class NoFaults : IFaultInjector
{
    /// <inheritdoc />
    public void Reached(string point)
    {
    }
}
