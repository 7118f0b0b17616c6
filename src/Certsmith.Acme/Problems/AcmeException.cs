namespace Certsmith.Acme.Problems;

/// <summary>
/// Every failure of an ACME call: a CA problem document (<see cref="AcmeProblemException"/>), an answer
/// that breaks the protocol (<see cref="AcmeProtocolException"/>), or no answer at all
/// (<see cref="AcmeTransportException"/>). <see cref="Kind"/> says what the caller should do.
/// </summary>
public abstract class AcmeException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected AcmeException(string message, AcmeErrorKind kind, Uri? requestUrl, DateTimeOffset? retryAfter, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        RequestUrl = requestUrl;
        RetryAfter = retryAfter;
    }

    /// <summary>What the caller should do.</summary>
    public AcmeErrorKind Kind { get; }

    /// <summary>The URL of the failed request.</summary>
    public Uri? RequestUrl { get; }

    /// <summary>The moment the CA said to wait for (Retry-After, RFC 8555 §6.6), if it said one.</summary>
    public DateTimeOffset? RetryAfter { get; }
}
