namespace Certsmith.Core.Dns;

/// <summary>
/// The DNS questions domain proof asks (DESIGN.md, "Holding a domain"): does the platform's primary serve a zone,
/// what TXT records and CNAME does a name have. Implemented in Certsmith.Dns. Thread-safe. Names are lower-case
/// without a trailing dot; a server that cannot be reached is a <see cref="DnsChallengeException"/>.
/// </summary>
public interface IDnsLookup
{
    /// <summary>Whether the platform's primary answers authoritatively with a SOA whose owner is exactly <paramref name="zone"/>.</summary>
    Task<bool> ServesZoneAsync(string zone, CancellationToken cancellationToken);

    /// <summary>The TXT strings at <paramref name="name"/>, from the resolver (each record's strings joined); empty when there are none.</summary>
    Task<IReadOnlyList<string>> GetTxtAsync(string name, CancellationToken cancellationToken);

    /// <summary>The CNAME target at <paramref name="name"/> (one hop, no trailing dot), from the resolver, or null.</summary>
    Task<string?> GetCnameAsync(string name, CancellationToken cancellationToken);
}
