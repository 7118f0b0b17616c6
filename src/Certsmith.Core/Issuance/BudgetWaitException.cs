namespace Certsmith.Core.Issuance;

/// <summary>The order would exceed one of the CA's limits: nothing was sent; it may go at <see cref="NotBefore"/>.</summary>
public sealed class BudgetWaitException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BudgetWaitException(DateTimeOffset notBefore, string reason)
        : base(reason)
    {
        NotBefore = notBefore;
    }

    /// <summary>Creates the exception.</summary>
    public BudgetWaitException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BudgetWaitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BudgetWaitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the budget allows it.</summary>
    public DateTimeOffset NotBefore { get; }
}
