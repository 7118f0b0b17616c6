using Certsmith.Api.Contracts;
using Certsmith.Api.Http;
using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Certsmith.Api.Endpoints;

/// <summary>
/// <c>/api/v1/admin</c>: the platform admin's operations views across every tenant — the issuance queue, the CA's
/// rate-limit budgets, the failing certificates. A tenant token gets 403: these show other tenants' names.
/// </summary>
internal static class AdminEndpoints
{
    private const string OnlyAdmins = "Only a platform admin sees the platform's queue, budgets and failures.";

    /// <summary>How many jobs the queue view shows unless asked for more: the next ones due are what an operator looks at.</summary>
    private const int DefaultQueueEntries = 100;

    public static void Map(IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Operations").ForPlatformAdminsOnly(OnlyAdmins);
        admin.MapGet("/queue", QueueAsync);
        admin.MapGet("/queue/counts", QueueCountsAsync);
        admin.MapGet("/budgets", BudgetsAsync);
        admin.MapGet("/failures", FailuresAsync);
    }

    /// <summary>The first <c>limit</c> jobs (default 100, at most <see cref="OperationsService.MaxQueueEntries"/>), the earliest due first.</summary>
    private static async Task<List<QueueEntryResponse>> QueueAsync(OperationsService operations, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > OperationsService.MaxQueueEntries)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "limit", $"The limit must be between 1 and {OperationsService.MaxQueueEntries}.");
        }
        return (await operations.ListQueueAsync(limit ?? DefaultQueueEntries, cancellationToken).ConfigureAwait(false)).Select(e => e.ToResponse()).ToList();
    }

    private static async Task<QueueCountsResponse> QueueCountsAsync(OperationsService operations, CancellationToken cancellationToken)
    {
        var counts = await operations.CountQueueAsync(cancellationToken).ConfigureAwait(false);
        return new QueueCountsResponse(counts.Total, counts.Due, counts.Leased);
    }

    private static async Task<List<BudgetResponse>> BudgetsAsync(OperationsService operations, CancellationToken cancellationToken) =>
        (await operations.ListBudgetsAsync(cancellationToken).ConfigureAwait(false)).Select(b => b.ToResponse()).ToList();

    private static async Task<List<FailureResponse>> FailuresAsync(OperationsService operations, CancellationToken cancellationToken) =>
        (await operations.ListFailingAsync(cancellationToken).ConfigureAwait(false)).Select(f => f.ToResponse()).ToList();
}
