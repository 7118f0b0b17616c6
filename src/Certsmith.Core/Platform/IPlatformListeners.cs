using System.Net;

namespace Certsmith.Core.Platform;

/// <summary>The platform's own listeners (API, edge, local CA, DNS): a site backend may never point at one.</summary>
public interface IPlatformListeners
{
    /// <summary>The bound endpoints; an unspecified address (0.0.0.0, ::) stands for every address on that port.</summary>
    IReadOnlyList<IPEndPoint> Endpoints { get; }
}
