namespace Certsmith.Core.Platform;

/// <summary>What kind of refusal a <see cref="PlatformInputException"/> is.</summary>
public enum PlatformInputError
{
    /// <summary>The input is malformed or breaks a rule (HTTP 400/422).</summary>
    Invalid,

    /// <summary>The object does not exist, or belongs to someone else (HTTP 404 — never tell which).</summary>
    NotFound,

    /// <summary>The name or object is taken (HTTP 409).</summary>
    Conflict,
}

/// <summary>
/// Input the platform refuses, with a message that says what is wrong in words for the tenant. Thrown before
/// anything is changed. The message never reveals another tenant's objects.
/// </summary>
public sealed class PlatformInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlatformInputException(PlatformInputError error, string field, string message)
        : base(message)
    {
        Error = error;
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public PlatformInputException()
    {
        Field = "";
    }

    /// <summary>Creates the exception.</summary>
    public PlatformInputException(string message)
        : base(message)
    {
        Field = "";
    }

    /// <summary>Creates the exception.</summary>
    public PlatformInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "";
    }

    /// <summary>The kind of refusal.</summary>
    public PlatformInputError Error { get; }

    /// <summary>The input field at fault (e.g. "name"), for the problem document's errors map.</summary>
    public string Field { get; }

    /// <summary>Not found (or not yours).</summary>
    public static PlatformInputException NotFound(string what) => new(PlatformInputError.NotFound, "id", $"No such {what}.");
}
