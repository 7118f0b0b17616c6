using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Certsmith.Api.Http;

/// <summary>
/// Documents a JSON request body in the OpenAPI document without <c>Accepts</c>: its content-type constraint
/// would make routing answer a wrong content type with a bare 415 instead of <see cref="JsonBody"/>'s problem.
/// </summary>
internal static class JsonRequestBodyExtensions
{
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new OpenApiMediaType { Schema = schema } },
            };
        });
}
