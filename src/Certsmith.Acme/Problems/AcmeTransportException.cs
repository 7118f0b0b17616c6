namespace Certsmith.Acme.Problems;

/// <summary>No usable answer came from the CA at all.</summary>
public sealed class AcmeTransportException : AcmeException
{
    /// <summary>Creates the exception.</summary>
    public AcmeTransportException(AcmeTransportFailure failure, Uri requestUrl, Exception? inner)
        : base(Describe(failure, requestUrl), failure == AcmeTransportFailure.Tls ? AcmeErrorKind.FixInput : AcmeErrorKind.RetryLater, requestUrl, null, inner)
    {
        Failure = failure;
    }

    /// <summary>Why no answer came.</summary>
    public AcmeTransportFailure Failure { get; }

    private static string Describe(AcmeTransportFailure failure, Uri url) => failure switch
    {
        AcmeTransportFailure.Timeout => $"The ACME server did not answer {url} in time.",
        AcmeTransportFailure.Tls => $"The TLS connection to {url} failed (is the CA's certificate trusted?).",
        _ => $"Could not connect to the ACME server at {url}.",
    };
}
