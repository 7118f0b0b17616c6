using System.Collections.Concurrent;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Resources;
using Certsmith.Core.Dns;
using Certsmith.Core.Names;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;
using Microsoft.Extensions.Logging;

namespace Certsmith.Core.Issuance;

/// <summary>
/// DNS-01 (RFC 8555 §8.4) through the platform's authoritative DNS: wildcards, and names in the tenant's hosted
/// zones (they validate before the name points at the platform). The TXT record goes to
/// <c>_acme-challenge.&lt;name&gt;</c> or wherever its CNAME leads (an external domain's delegation into the
/// challenge zone), is remembered in the store before it is written, waits until every authoritative server
/// answers it, and is removed after validation — also when validation failed. Records a crash left behind are
/// removed by <see cref="SweepAsync"/>. Thread-safe.
/// </summary>
public sealed partial class Dns01Solver(IDnsChallengeWriter dns, ICertsmithStore store, TimeProvider time, ILogger<Dns01Solver> logger) : IChallengeSolver
{
    /// <summary>No validation takes this long: a record older than this was left by a crash, and is swept.</summary>
    public static readonly TimeSpan RecordLifetime = TimeSpan.FromHours(1);

    /// <summary>Where the last check allowed each name's record to go (the name's <c>_acme-challenge</c> label, or its CNAME's end).</summary>
    private readonly ConcurrentDictionary<string, string> _checked = new(StringComparer.Ordinal);

    /// <summary>What each presented challenge wrote, so that clean-up removes exactly that record.</summary>
    private readonly ConcurrentDictionary<Uri, (DnsChallengeTarget Target, string Value)> _written = new();

    /// <inheritdoc />
    public string ChallengeType => AcmeChallenge.Dns01;

    /// <inheritdoc />
    public async ValueTask<bool> CanSolveAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken)
    {
        if (name.IsWildcard)
        {
            return true;
        }
        var domain = await store.Domains.FindHoldingDomainAsync(tenantId, name, cancellationToken).ConfigureAwait(false);
        return domain is { Kind: DomainKind.HostedZone, State: DomainState.Proven };
    }

    /// <inheritdoc />
    public async Task CheckReadyAsync(Guid tenantId, DnsName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var baseName = BaseName(name.Value);
        var target = await dns.LocateAsync(baseName, cancellationToken).ConfigureAwait(false);
        await EnsureTheTenantsAsync(tenantId, baseName, target, cancellationToken).ConfigureAwait(false);
        await dns.CheckWritableAsync(target, cancellationToken).ConfigureAwait(false);
        _checked[baseName] = target.RecordName;
    }

    /// <summary>
    /// The platform writes with its own key only where the tenant may have it write: in a hosted zone the tenant holds,
    /// or at the challenge-zone name of the tenant's verified delegation for this name. A CNAME re-pointed anywhere else
    /// (another tenant's zone, a platform zone) is refused, as is a lost one.
    /// </summary>
    private async Task EnsureTheTenantsAsync(Guid tenantId, string baseName, DnsChallengeTarget target, CancellationToken cancellationToken)
    {
        if (DnsName.TryParse(target.Zone, out var zone, out _)
            && await store.Domains.FindHoldingDomainAsync(tenantId, zone, cancellationToken).ConfigureAwait(false) is { Kind: DomainKind.HostedZone, State: DomainState.Proven })
        {
            return;
        }
        if (DnsName.TryParse(baseName, out var parent, out _)
            && await store.Domains.GetDelegationAsync(tenantId, parent, cancellationToken).ConfigureAwait(false) is { Verified: true } delegation
            && string.Equals(delegation.Target, target.RecordName, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        throw new DnsChallengeException(DnsChallengeError.NotDelegated, target.IsDelegated
            ? $"{target.Name} points to {target.RecordName}, not to the name in the platform's challenge zone it was delegated to."
            : $"{target.Name} is not in a zone the platform hosts for you and has no CNAME into the platform's challenge zone (was the CNAME removed?).");
    }

    /// <inheritdoc />
    public async Task PresentAsync(AcmeAuthorization authorization, AcmeChallenge challenge, string keyAuthorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(challenge);
        var baseName = BaseName(authorization.Identifier.Value);
        var target = await dns.LocateAsync(baseName, cancellationToken).ConfigureAwait(false);
        // Only where the check before it (CheckReadyAsync, for this tenant) allowed: a CNAME changed in between is refused.
        if (!_checked.TryGetValue(baseName, out var allowed) || !string.Equals(allowed, target.RecordName, StringComparison.OrdinalIgnoreCase))
        {
            throw new DnsChallengeException(DnsChallengeError.NotDelegated, $"{target.Name} now points to {target.RecordName}, which was not checked for this certificate.");
        }
        var value = ChallengeResponses.Dns01TxtValue(keyAuthorization);
        var now = time.GetUtcNow();
        // Remembered before it is written: a crash between the two leaves a note, never an unknown record.
        await store.Acme.PutDnsRecordAsync(new DnsChallengeRecord(target.RecordName, value, target.Zone, now, now + RecordLifetime), cancellationToken).ConfigureAwait(false);
        _written[challenge.Url] = (target, value);
        await dns.AddTxtAsync(target, value, cancellationToken).ConfigureAwait(false);
        LogWritten(logger, target.RecordName, target.Zone);
        await dns.WaitForPropagationAsync(target, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task CleanUpAsync(AcmeAuthorization authorization, AcmeChallenge challenge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (!_written.TryRemove(challenge.Url, out var written))
        {
            return;
        }
        await RemoveAsync(written.Target, written.Value, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes every record the store says was written and is older than <see cref="RecordLifetime"/> (left by a crash).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var stale in await store.Acme.ListExpiredDnsRecordsAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RemoveAsync(new DnsChallengeTarget(stale.RecordName, stale.RecordName, stale.Zone), stale.Value, cancellationToken).ConfigureAwait(false);
                removed++;
            }
            catch (DnsChallengeException e)
            {
                LogSweepFailed(logger, stale.RecordName, e);
            }
        }
        return removed;
    }

    private async Task RemoveAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken)
    {
        await dns.RemoveTxtAsync(target, value, cancellationToken).ConfigureAwait(false);
        await store.Acme.RemoveDnsRecordAsync(target.RecordName, value, cancellationToken).ConfigureAwait(false);
        LogRemoved(logger, target.RecordName, target.Zone);
    }

    /// <summary>The name whose <c>_acme-challenge</c> label proves it: a wildcard's base name.</summary>
    private static string BaseName(string name) => name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;

    [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "DNS-01 record written at {RecordName} in zone {Zone}.")]
    private static partial void LogWritten(ILogger logger, string recordName, string zone);

    [LoggerMessage(EventId = 131, Level = LogLevel.Debug, Message = "DNS-01 record removed at {RecordName} in zone {Zone}.")]
    private static partial void LogRemoved(ILogger logger, string recordName, string zone);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Could not remove the stale DNS-01 record at {RecordName}; will try again.")]
    private static partial void LogSweepFailed(ILogger logger, string recordName, Exception error);
}
