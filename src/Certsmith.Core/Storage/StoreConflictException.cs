namespace Certsmith.Core.Storage;

/// <summary>
/// A write the store refused because it would break a platform-wide rule (a name already held, a stale
/// version). Nothing was changed. <see cref="Exception.Message"/> is safe to show to the tenant: it never
/// names another tenant.
/// </summary>
public sealed class StoreConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StoreConflictException()
        : base("The change conflicts with the stored state.")
    {
    }
}
