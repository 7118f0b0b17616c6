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
