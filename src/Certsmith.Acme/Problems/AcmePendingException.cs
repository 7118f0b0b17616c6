namespace Certsmith.Acme.Problems;

/// <summary>
/// The CA is still working on an object and asked to be polled again later than one call waits
/// (<see cref="AcmeClientOptions.PollMaxRetryAfter"/>): come back at <see cref="AcmeException.RetryAfter"/>;
/// the stored order URL resumes the work.
/// </summary>
public sealed class AcmePendingException : AcmeException
{
    /// <summary>Creates the exception.</summary>
    public AcmePendingException(Uri objectUrl, DateTimeOffset retryAfter)
        : base($"The CA is still working on {objectUrl} and asked to look again at {retryAfter:u}.", AcmeErrorKind.RetryLater, objectUrl, retryAfter)
    {
    }
}
