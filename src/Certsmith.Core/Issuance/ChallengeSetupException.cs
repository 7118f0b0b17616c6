namespace Certsmith.Core.Issuance;

/// <summary>
/// No configured solver can prove a name (e.g. a wildcard without DNS-01): found before any order is placed, so no
/// rate-limit budget is spent. The message says what is missing.
/// </summary>
public sealed class ChallengeSetupException : Exception
{
    /// <summary>Creates one.</summary>
    public ChallengeSetupException()
        : base("No configured way to prove the names.")
    {
    }

    /// <summary>Creates one.</summary>
    public ChallengeSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates one.</summary>
    public ChallengeSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
