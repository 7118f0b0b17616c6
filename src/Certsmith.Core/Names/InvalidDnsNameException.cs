namespace Certsmith.Core.Names;

/// <summary>A host name that cannot be used, with the reason in words a tenant understands.</summary>
public sealed class InvalidDnsNameException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidDnsNameException(string? input, string reason)
        : base($"\"{Shorten(input)}\" is not a valid host name: {reason}.")
    {
        Input = input;
        Reason = reason;
    }

    /// <summary>What was given.</summary>
    public string? Input { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }

    private static string Shorten(string? input) => input is null ? "" : input.Length > 80 ? input[..80] + "…" : input;
}
