namespace Certsmith.Edge;

/// <summary>What the edge does in a handshake for which no certificate of the address's tenant is servable (DESIGN.md, serving rule 4).</summary>
public enum UnknownNameMode
{
    /// <summary>Serve the platform's self-signed default certificate (browsers show a warning, but the connection is made).</summary>
    DefaultCertificate,

    /// <summary>Drop the handshake without sending a certificate.</summary>
    Refuse,
}
