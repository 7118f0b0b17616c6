namespace Certsmith.Core.Budgets;

/// <summary>How the CA counts an order against its limits (DESIGN.md, "Rate-limit budgets").</summary>
public enum OrderKind
{
    /// <summary>Names not certified before (counts toward every limit).</summary>
    NewNames,

    /// <summary>A renewal of the exact same names without ARI: exempt from the per-account order and per-registered-domain limits, counts toward the exact-set limit.</summary>
    Renewal,

    /// <summary>An ARI renewal carrying <c>replaces</c>: exempt from all of Let's Encrypt's limits.</summary>
    AriRenewal,
}
