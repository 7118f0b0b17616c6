namespace Certsmith.Edge.Certificates;

/// <summary>Which of DESIGN.md's serving rules chose a handshake's certificate.</summary>
public enum SelectionReason
{
    /// <summary>Rule 1: the custom certificate the tenant attached to the address.</summary>
    Attached,

    /// <summary>Rule 2: the managed certificate assigned to the address.</summary>
    Assigned,

    /// <summary>Rule 3: another valid certificate of the address's tenant that covers the name.</summary>
    Covering,

    /// <summary>Rule 4: the platform's self-signed default certificate.</summary>
    Default,

    /// <summary>Rule 4 with <see cref="UnknownNameMode.Refuse"/>: no certificate; the handshake is dropped.</summary>
    Refused,
}
