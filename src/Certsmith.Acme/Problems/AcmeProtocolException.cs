namespace Certsmith.Acme.Problems;

/// <summary>
/// The CA answered, but not as RFC 8555 says: an unexpected status without a problem document, a body
/// that is not JSON or is truncated, a required field missing. 5xx answers and unreadable bodies are
/// taken as transient (a proxy's error page); anything else as a dead end.
/// </summary>
public sealed class AcmeProtocolException : AcmeException
{
    /// <summary>Creates the exception.</summary>
    /// <remarks>Without <paramref name="kind"/>, a 5xx/429 or missing status is transient and anything else a dead end.</remarks>
    public AcmeProtocolException(string message, int? httpStatus, Uri? requestUrl, DateTimeOffset? retryAfter = null, Exception? inner = null, AcmeErrorKind? kind = null)
        : base(message, kind ?? (httpStatus is null or >= 500 or 429 ? AcmeErrorKind.RetryLater : AcmeErrorKind.GiveUp), requestUrl, retryAfter, inner)
    {
        HttpStatus = httpStatus;
    }

    /// <summary>The HTTP status of the answer, when there was one.</summary>
    public int? HttpStatus { get; }
}
