namespace Certsmith.Cli.Api;

/// <summary>An error the API answered (a problem document) or the connection failed; the message is one line for people.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException()
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
