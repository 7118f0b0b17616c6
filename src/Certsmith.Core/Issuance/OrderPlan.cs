using Certsmith.Core.Budgets;

namespace Certsmith.Core.Issuance;

/// <summary>What kind of order an issuance run creates, if it must create one.</summary>
/// <param name="Kind">New names, a renewal, or an ARI renewal.</param>
/// <param name="Replaces">The ARI identifier of the certificate being replaced (RFC 9773 §5), for an ARI renewal.</param>
/// <param name="Urgent">Under a sixth of the lifetime left: goes before new names.</param>
public sealed record OrderPlan(OrderKind Kind, string? Replaces, bool Urgent)
{
    /// <summary>A first certificate for new names.</summary>
    public static OrderPlan New { get; } = new(OrderKind.NewNames, null, false);
}
