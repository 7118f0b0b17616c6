namespace Certsmith.Testing.AcmeProxy;

/// <summary>One request the proxy received, stamped with the proxy's <see cref="TimeProvider"/>.</summary>
/// <param name="Kind">The ACME resource addressed.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path and query as received.</param>
/// <param name="ReceivedAt">When the proxy received it.</param>
public sealed record AcmeShimRequest(AcmeShimRequestKind Kind, string Method, string PathAndQuery, DateTimeOffset ReceivedAt);
