using System.Net;
using System.Text.RegularExpressions;

namespace Certsmith.Api.Tests;

/// <summary>
/// Someone using the web panel over HTTP, as a browser would: its own cookies, no automatic redirects (a test reads
/// every 302), and forms posted with the antiforgery token read from a page's hidden <c>__csrf</c> field.
/// </summary>
public sealed partial class PanelSession : IDisposable
{
    /// <summary>The antiforgery form field the panel's forms carry.</summary>
    public const string TokenField = "__csrf";

    private readonly HttpClient _client;

    public PanelSession(ApiHost host)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = host.BaseAddress,
        };
    }

    /// <summary>The cookies this "browser" holds.</summary>
    public CookieContainer Cookies { get; }

    /// <summary>Whether it holds a session cookie.</summary>
    public bool HasSession => Cookies.GetCookies(_client.BaseAddress!).Any(c => c.Name == "certsmith-session");

    /// <summary>A session signed in as <paramref name="email"/>; fails the test if the panel does not sign it in.</summary>
    public static async Task<PanelSession> SignInAsync(ApiHost host, string email, string password)
    {
        var session = new PanelSession(host);
        using var response = await session.SignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email}: {(int)response.StatusCode}");
        Assert.True(session.HasSession, "no session cookie after signing in");
        return session;
    }

    /// <summary>Fills in and sends the sign-in form (the answer is the caller's to dispose).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, string? returnUrl = null)
    {
        var token = await TokenFromAsync(returnUrl is null ? "/sign-in" : $"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var fields = new Dictionary<string, string> { ["email"] = email, ["password"] = password, [TokenField] = token };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }
        return await _client.PostAsync("/sign-in", new FormUrlEncodedContent(fields));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>The body of a page that must answer 200.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        return body;
    }

    /// <summary>
    /// Posts a form to <paramref name="path"/> with a fresh antiforgery token read from a GET of
    /// <paramref name="tokenPage"/> (by default the page itself, as a browser submits the form it shows).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? tokenPage = null)
    {
        var token = await TokenFromAsync(tokenPage ?? path.Split('?')[0]);
        return await PostFormWithTokenAsync(path, fields, token);
    }

    /// <summary>Posts a form with the given antiforgery token, or none for null.</summary>
    public Task<HttpResponseMessage> PostFormWithTokenAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(new(TokenField, token));
        }
        return _client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// <summary>The antiforgery token in the form of <paramref name="page"/>, which must answer 200.</summary>
    public async Task<string> TokenFromAsync(string page)
    {
        var body = await GetPageAsync(page);
        var match = TokenInput().Match(body);
        Assert.True(match.Success, $"no {TokenField} field on {page}");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__csrf\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenInput();
}
