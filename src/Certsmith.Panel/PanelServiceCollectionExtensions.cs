using Certsmith.Panel.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Certsmith.Panel;

/// <summary>Registers the web panel.</summary>
public static class PanelServiceCollectionExtensions
{
    /// <summary>
    /// Adds the panel's Razor Pages, its session-cookie scheme (<see cref="PanelDefaults.Scheme"/>) and policy, and
    /// antiforgery. The Core services it calls (tenants, domains, sites, certificates, users, custom certificates,
    /// wildcards, operations) are the API's: register them first (AddCertsmithApi does).
    /// </summary>
    public static IServiceCollection AddCertsmithPanel(this IServiceCollection services, PanelOptions? options = null)
    {
        options ??= new PanelOptions();
        services.TryAddSingleton(options);
        var secure = options.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.TryAddSingleton<Infrastructure.PanelServices>();
        services.AddSingleton<PanelCookieEvents>();
        services.AddAuthentication().AddCookie(PanelDefaults.Scheme, cookie =>
        {
            cookie.Cookie.Name = PanelDefaults.SessionCookie;
            cookie.Cookie.HttpOnly = true;
            // Strict: a link from another site never arrives signed in; the antiforgery token guards forms on top.
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = PanelDefaults.SessionIdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-out";
            cookie.AccessDeniedPath = "/sign-in";
            cookie.EventsType = typeof(PanelCookieEvents);
        });
        services.AddAuthorizationBuilder().AddPolicy(PanelDefaults.Policy, policy => policy.AddAuthenticationSchemes(PanelDefaults.Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = PanelDefaults.AntiforgeryCookie;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.FormFieldName = "__csrf";
        });
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/", PanelDefaults.Policy);
            pages.Conventions.AllowAnonymousToPage("/SignIn");
            pages.Conventions.ConfigureFilter(new Infrastructure.SecurityHeaders());
            pages.Conventions.ConfigureFilter(new Infrastructure.FormSizeLimit());
        }).AddApplicationPart(typeof(PanelServiceCollectionExtensions).Assembly);
        return services;
    }
}
