using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Certsmith.Core.Dns;
using Certsmith.Dns.Internal;
using Microsoft.Extensions.Logging;

namespace Certsmith.Dns;

/// <summary>
/// Writes DNS-01 records to the platform's authoritative DNS with RFC 2136 updates signed by one TSIG key
/// (RFC 8945), after finding the zone through the resolver, and waits until every authoritative server answers them.
/// Thread-safe: it keeps no state between calls. The secret never reaches a log or an exception message.
/// </summary>
public sealed partial class Rfc2136ChallengeWriter : IDnsChallengeWriter
{
    /// <summary>
    /// The value of the TXT record <see cref="CheckWritableAsync"/> deletes: an update on the very name and type a
    /// challenge writes, so a server that limits a key to some names or types (Knot's update-owner, BIND's
    /// update-policy) is tested for what matters, and deleting a record that does not exist changes nothing
    /// (RFC 2136 §3.4.2.4).
    /// </summary>
    internal const string WriteCheckValue = "certsmith-write-check";

    /// <summary>RFC 1035 §3.3.14: one TXT character-string holds at most 255 octets; longer values are split.</summary>
    private const int MaxTxtStringLength = 255;

    private readonly Rfc2136Options _options;
    private readonly TimeProvider _time;
    private readonly ILogger<Rfc2136ChallengeWriter> _logger;
    private readonly TsigKey _key;
    private readonly DnsWire _wire;
    private readonly DnsServers _servers;
    private readonly ChallengeLocator _locator;
    private readonly NameServerDiscovery _nameServers;
    private readonly PropagationCheck _propagation;

    /// <summary>Creates one.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public Rfc2136ChallengeWriter(Rfc2136Options options, TimeProvider time, ILogger<Rfc2136ChallengeWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid RFC 2136 DNS options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = time;
        _logger = logger;
        _key = new TsigKey(options.KeyName, options.Algorithm, options.Secret);
        _wire = new DnsWire(options.QueryTimeout);
        _servers = new DnsServers(options);
        _locator = new ChallengeLocator(_wire, _servers);
        _nameServers = new NameServerDiscovery(_wire, _servers, options.AuthoritativeServers.Select(DnsServerAddress.Parse).ToList());
        _propagation = new PropagationCheck(_wire, time, options.PropagationTimeout, options.PropagationPollInterval);
    }

    /// <inheritdoc />
    public async Task<DnsChallengeTarget> LocateAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var target = await _locator.LocateAsync(name, cancellationToken).ConfigureAwait(false);
        LogLocated(_logger, target.Name, target.RecordName, target.Zone);
        return target;
    }

    /// <inheritdoc />
    public Task CheckWritableAsync(DnsChallengeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return UpdateAsync(target, new DeleteRecordUpdate(Txt(target, WriteCheckValue, ttl: 0)), "write check", cancellationToken);
    }

    /// <inheritdoc />
    public Task AddTxtAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(value);
        var ttl = (int)_options.RecordTtl.TotalSeconds;
        return UpdateAsync(target, new AddRecordUpdate(Txt(target, value, ttl)), "add", cancellationToken);
    }

    /// <inheritdoc />
    public Task RemoveTxtAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(value);

        // RFC 2136 §2.5.4: class NONE and TTL 0 delete exactly this record, leaving other values (another order's) alone.
        return UpdateAsync(target, new DeleteRecordUpdate(Txt(target, value, ttl: 0)), "remove", cancellationToken);
    }

    /// <inheritdoc />
    public async Task WaitForPropagationAsync(DnsChallengeTarget target, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(value);
        var servers = await _nameServers.ForZoneAsync(target.Zone, cancellationToken).ConfigureAwait(false);
        try
        {
            var elapsed = await _propagation.WaitAsync(servers, target.RecordName, value, cancellationToken).ConfigureAwait(false);
            LogPropagated(_logger, target.RecordName, servers.Count, (long)elapsed.TotalMilliseconds);
        }
        catch (DnsChallengeException e)
        {
            LogNotPropagated(_logger, target.RecordName, e.Message);
            throw;
        }
    }

    private static TxtRecord Txt(DnsChallengeTarget target, string value, int ttl) =>
        new(DnsNames.ToDomainName(target.RecordName), ttl, value.Chunk(MaxTxtStringLength).Select(c => new string(c)));

    private async Task UpdateAsync(DnsChallengeTarget target, UpdateBase change, string action, CancellationToken cancellationToken)
    {
        var zone = DnsNames.Normalize(target.Zone);
        var primary = await _servers.PrimaryAsync(cancellationToken).ConfigureAwait(false);
        var update = new DnsUpdateMessage { ZoneName = DnsNames.ToDomainName(zone) };
        update.Updates.Add(change);
        _key.Sign(update, _time.GetUtcNow());

        var started = _time.GetTimestamp();
        var reply = await _wire.UpdateAsync(primary, update, cancellationToken).ConfigureAwait(false);
        var failure = reply is null
            ? new DnsChallengeException(
                DnsChallengeError.Unreachable,
                $"the DNS server at {primary} did not answer an update to {zone} within {DnsWire.Seconds(_options.QueryTimeout)}")
            : UpdateReplies.Check(reply, primary, zone, _key.Name);
        if (failure is not null)
        {
            LogUpdateFailed(_logger, action, target.RecordName, zone, primary.Display, _key.Name, failure.Error, failure.Message);
            throw failure;
        }

        var elapsedMs = (long)_time.GetElapsedTime(started).TotalMilliseconds;
        LogUpdated(_logger, action, target.RecordName, zone, primary.Display, elapsedMs);
    }
}
