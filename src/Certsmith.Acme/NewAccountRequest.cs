using Certsmith.Acme.Jws;

namespace Certsmith.Acme;

/// <summary>What a new account says about itself (RFC 8555 §7.3).</summary>
public sealed record NewAccountRequest
{
    /// <summary>Contact URLs, e.g. <c>mailto:certificates@provider.example</c>.</summary>
    public IReadOnlyList<string> Contacts { get; init; } = [];

    /// <summary>Agreement to the CA's terms of service (<see cref="Resources.AcmeDirectoryMeta.TermsOfService"/>).</summary>
    public bool TermsOfServiceAgreed { get; init; }

    /// <summary>The binding to an account with the CA, when the CA requires one (§7.3.4).</summary>
    public ExternalAccountBinding? ExternalAccountBinding { get; init; }
}
