using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Api.Http;

/// <summary>Builds and writes the API's RFC 9457 problem documents.</summary>
internal static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>The problem for a refusal of the platform's rules; input errors carry the field in <c>errors</c>.</summary>
    public static ProblemDetails From(PlatformInputException e, HttpContext context) => e.Error switch
    {
        PlatformInputError.NotFound => Create(context, StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", e.Message, null),
        PlatformInputError.Conflict => Create(context, StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", e.Message, Field(e)),
        _ => Create(context, StatusCodes.Status400BadRequest, ProblemTypes.InvalidInput, "Invalid input", e.Message, Field(e)),
    };

    public static ProblemDetails Create(HttpContext context, int status, string type, string title, string detail, IDictionary<string, string[]>? errors)
    {
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Type = type;
        problem.Title = title;
        problem.Status = status;
        problem.Detail = detail;
        problem.Instance = context.Request.Path;
        return problem;
    }

    /// <summary>Writes a problem as the whole response.</summary>
    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return context.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: ContentType, context.RequestAborted);
    }

    /// <summary>A problem as an endpoint result.</summary>
    public static IResult Result(ProblemDetails problem) => new ProblemResult(problem);

    /// <summary>A 403 problem: the caller is known but may not do this.</summary>
    public static IResult Forbidden(HttpContext context, string detail) =>
        Result(Create(context, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail, null));

    private static Dictionary<string, string[]>? Field(PlatformInputException e) =>
        string.IsNullOrEmpty(e.Field) ? null : new Dictionary<string, string[]>(StringComparer.Ordinal) { [e.Field] = [e.Message] };

    private sealed class ProblemResult(ProblemDetails problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, problem);
    }
}
