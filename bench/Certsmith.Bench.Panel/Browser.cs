using System.Net;
using System.Text.RegularExpressions;

namespace Certsmith.Bench.Panel;

/// <summary>
/// Someone using the panel over HTTP as a browser would (tests/Certsmith.Api.Tests/PanelSession.cs): its own cookie
/// jar, no automatic redirects, forms posted with the antiforgery token read from the page's hidden <c>__csrf</c> field.
/// One connection, kept alive (a browser's), requests one after another.
/// </summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient _client;

    public Browser(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = 1 })
        {
            BaseAddress = baseAddress,
        };
    }

    public static async Task<Browser> SignInAsync(Uri baseAddress, string email, string password, CancellationToken cancellationToken)
    {
        var browser = new Browser(baseAddress);
        var token = await browser.TokenFromAsync("/sign-in", cancellationToken);
        using var response = await browser._client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["password"] = password,
            ["__csrf"] = token,
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            browser.Dispose();
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}, not a redirect.");
        }
        return browser;
    }

    /// <summary>GETs a page and reads the whole body (not decoded); returns the status and the body's length in bytes.</summary>
    public async Task<(HttpStatusCode Status, long Bytes)> GetBytesAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (response.StatusCode, bytes.Length);
    }

    /// <summary>GETs a page and returns the status and the body as text.</summary>
    public async Task<(HttpStatusCode Status, long Bytes, string Body)> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (response.StatusCode, bytes.Length, System.Text.Encoding.UTF8.GetString(bytes));
    }

    /// <summary>POSTs a form with the given antiforgery token; returns the status and the redirect's target.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string token, CancellationToken cancellationToken)
    {
        using var response = await _client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__csrf", token)]), cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    /// <summary>The antiforgery token in the form of a page that must answer 200.</summary>
    public async Task<string> TokenFromAsync(string page, CancellationToken cancellationToken)
    {
        var (status, _, body) = await GetAsync(page, cancellationToken);
        var match = TokenInput().Match(body);
        return status == HttpStatusCode.OK && match.Success
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException($"GET {page}: {(int)status}, {(match.Success ? "" : "no __csrf field")}");
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__csrf\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
