using System.Security.Claims;
using Certsmith.Api.Authentication;
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
        var admin = api.MapGroup("/admin").WithTags("Operations").ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapGet("/queue", QueueAsync).Produces<List<QueueEntryResponse>>();
        admin.MapGet("/queue/counts", QueueCountsAsync).Produces<QueueCountsResponse>();
        admin.MapGet("/budgets", BudgetsAsync).Produces<List<BudgetResponse>>();
        admin.MapGet("/failures", FailuresAsync).Produces<List<FailureResponse>>();
    }

    /// <summary>The first <c>limit</c> jobs (default 100, at most <see cref="OperationsService.MaxQueueEntries"/>), the earliest due first.</summary>
    private static async Task<IResult> QueueAsync(HttpContext context, ClaimsPrincipal user, OperationsService operations, int? limit, CancellationToken cancellationToken)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return ApiProblems.Forbidden(context, OnlyAdmins);
        }
        if (limit is < 1 or > OperationsService.MaxQueueEntries)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "limit", $"The limit must be between 1 and {OperationsService.MaxQueueEntries}.");
        }
        return TypedResults.Ok((await operations.ListQueueAsync(limit ?? DefaultQueueEntries, cancellationToken).ConfigureAwait(false)).Select(e => e.ToResponse()).ToList());
    }

    private static async Task<IResult> QueueCountsAsync(HttpContext context, ClaimsPrincipal user, OperationsService operations, CancellationToken cancellationToken)
    {
        if (!Caller.From(user).IsAdmin)
        {
            return ApiProblems.Forbidden(context, OnlyAdmins);
        }
        var counts = await operations.CountQueueAsync(cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new QueueCountsResponse(counts.Total, counts.Due, counts.Leased));
    }

    private static async Task<IResult> BudgetsAsync(HttpContext context, ClaimsPrincipal user, OperationsService operations, CancellationToken cancellationToken) =>
        Caller.From(user).IsAdmin
            ? TypedResults.Ok((await operations.ListBudgetsAsync(cancellationToken).ConfigureAwait(false)).Select(b => b.ToResponse()).ToList())
            : ApiProblems.Forbidden(context, OnlyAdmins);

    private static async Task<IResult> FailuresAsync(HttpContext context, ClaimsPrincipal user, OperationsService operations, CancellationToken cancellationToken) =>
        Caller.From(user).IsAdmin
            ? TypedResults.Ok((await operations.ListFailingAsync(cancellationToken).ConfigureAwait(false)).Select(f => f.ToResponse()).ToList())
            : ApiProblems.Forbidden(context, OnlyAdmins);
}
