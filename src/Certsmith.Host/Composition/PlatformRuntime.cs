using System.Net;
using Certsmith.Core.Issuance;
using Certsmith.Core.Platform;
using Certsmith.Edge;

namespace Certsmith.Host.Composition;

/// <summary>
/// What is only known once the platform has started its parts in order (the edge's ports, the CA): filled in
/// by <see cref="CertsmithPlatform"/> before any service that needs it is resolved. Also the list of the
/// platform's own listeners that site backends may never point at.
/// </summary>
internal sealed class PlatformRuntime : IPlatformListeners
{
    private readonly List<IPEndPoint> _endpoints = [];

    public EdgeServer? Edge { get; set; }

    public AcmeCaOptions? Ca { get; set; }

    public Func<HttpMessageHandler>? AcmeHandlerFactory { get; set; }

    /// <summary>The CA's rate limits, or null for a CA without (the local Pebble unless configured).</summary>
    public Certsmith.Core.Budgets.RateLimitOptions? RateLimits { get; set; }

    public IReadOnlyList<IPEndPoint> Endpoints
    {
        get
        {
            lock (_endpoints)
            {
                return _endpoints.ToList();
            }
        }
    }

    public void AddListeners(IEnumerable<IPEndPoint> endpoints)
    {
        lock (_endpoints)
        {
            _endpoints.AddRange(endpoints);
        }
    }

    public AcmeCaOptions RequireCa() => Ca ?? throw new InvalidOperationException("The CA is not configured yet.");
}
