namespace Certsmith.Acme.Problems;

/// <summary>Why no answer came from the CA.</summary>
public enum AcmeTransportFailure
{
    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>The connection could not be made or broke (refused, reset, name not resolved).</summary>
    Connection,

    /// <summary>The CA's TLS certificate was not trusted or the handshake failed: a configuration fault.</summary>
    Tls,
}

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
