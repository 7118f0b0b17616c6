using System.Text.Json.Nodes;

namespace Certsmith.Testing.AcmeProxy;

/// <summary>
/// Where Pebble serves each ACME resource. The directory resources come from Pebble's own
/// directory; the per-object prefixes are Pebble 2.4.0's fixed layout (wfe.go).
/// </summary>
internal sealed record UpstreamPaths(string NewNonce, string NewAccount, string NewOrder)
{
    public static readonly UpstreamPaths Pebble = new("/nonce-plz", "/sign-me-up", "/order-plz");

    private static readonly (string Prefix, AcmeShimRequestKind Kind)[] ObjectPrefixes =
    [
        ("/my-order/", AcmeShimRequestKind.Order),
        ("/finalize-order/", AcmeShimRequestKind.Finalize),
        ("/authZ/", AcmeShimRequestKind.Authorization),
        ("/chalZ/", AcmeShimRequestKind.Challenge),
        ("/certZ/", AcmeShimRequestKind.Certificate),
        ("/renewal-info", AcmeShimRequestKind.RenewalInfo),
    ];

    public static UpstreamPaths FromDirectory(JsonObject? directory) => new(
        PathOf(directory, "newNonce") ?? Pebble.NewNonce,
        PathOf(directory, "newAccount") ?? Pebble.NewAccount,
        PathOf(directory, "newOrder") ?? Pebble.NewOrder);

    public AcmeShimRequestKind Classify(string path)
    {
        if (path == "/dir")
        {
            return AcmeShimRequestKind.Directory;
        }

        if (path == NewNonce)
        {
            return AcmeShimRequestKind.NewNonce;
        }

        if (path == NewAccount)
        {
            return AcmeShimRequestKind.NewAccount;
        }

        if (path == NewOrder)
        {
            return AcmeShimRequestKind.NewOrder;
        }

        foreach (var (prefix, kind) in ObjectPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return AcmeShimRequestKind.Other;
    }

    private static string? PathOf(JsonObject? directory, string name) =>
        directory?[name] is JsonValue value && value.TryGetValue(out string? url) && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.AbsolutePath
            : null;
}
