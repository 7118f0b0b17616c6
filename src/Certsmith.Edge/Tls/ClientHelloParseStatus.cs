namespace Certsmith.Edge.Tls;

/// <summary>How far <see cref="ClientHelloParser"/> got with the bytes it was given.</summary>
internal enum ClientHelloParseStatus
{
    /// <summary>A whole ClientHello was read.</summary>
    Complete,

    /// <summary>So far well-formed; more bytes are needed.</summary>
    Incomplete,

    /// <summary>Not a TLS ClientHello the edge can read (garbage, SSLv2, malformed, too large): TLS decides what to do with it.</summary>
    Invalid,
}
