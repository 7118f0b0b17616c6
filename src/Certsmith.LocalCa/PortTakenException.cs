namespace Certsmith.LocalCa;

/// <summary>A child process could not bind a port picked for it: another process took it first.</summary>
internal sealed class PortTakenException : Exception
{
    public PortTakenException()
    {
    }

    public PortTakenException(string message)
        : base(message)
    {
    }

    public PortTakenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
