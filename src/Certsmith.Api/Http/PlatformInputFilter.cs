using Certsmith.Core.Platform;
using Microsoft.AspNetCore.Http;

namespace Certsmith.Api.Http;

/// <summary>Turns the platform's refusals into problem documents (RFC 9457) at the endpoint, before any other handler sees them.</summary>
internal sealed class PlatformInputFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (PlatformInputException e)
        {
            return ApiProblems.Result(ApiProblems.From(e, context.HttpContext));
        }
    }
}
