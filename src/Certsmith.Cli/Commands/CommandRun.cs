using System.CommandLine;
using Certsmith.Cli.Api;

namespace Certsmith.Cli.Commands;

/// <summary>One invocation of a command: its parse result, the API client and the resolved settings.</summary>
internal sealed record CommandRun(CliContext Context, ParseResult ParseResult, ApiClient Api, CliSettings Settings, CancellationToken CancellationToken)
{
    /// <summary>
    /// The path of the tenant to act for: <c>--tenant</c> (or its environment/config), else the token's own
    /// tenant as <c>/api/v1/me</c> tells it.
    /// </summary>
    public async Task<string> TenantPathAsync()
    {
        var tenant = Settings.Tenant;
        if (tenant is null)
        {
            var me = (await Api.GetAsync("api/v1/me", CancellationToken).ConfigureAwait(false)).Body;
            tenant = (string?)me["tenantId"] ?? throw new ApiException("this is a platform-admin token: say which tenant with --tenant <id>");
        }
        return $"api/v1/tenants/{Uri.EscapeDataString(tenant)}";
    }

    public T Value<T>(Argument<T> argument) => ParseResult.GetValue(argument)!;

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);
}
