using ARSoft.Tools.Net.Dns;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>
/// Asks each authoritative server directly, without recursion, for the TXT record until every one answers the value
/// (so the CA, which asks any of them, finds it), or the time runs out.
/// </summary>
internal sealed class PropagationCheck(DnsWire wire, TimeProvider time, TimeSpan timeout, TimeSpan pollInterval)
{
    /// <summary>
    /// The first re-ask comes this soon, and the pause doubles up to the poll interval: a NOTIFY-driven secondary
    /// usually has the record a few milliseconds after the primary, so waiting a whole interval first is wasted.
    /// </summary>
    internal static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns how long it took; throws <see cref="DnsChallengeError.NotPropagated"/> naming the servers still lacking the value.</summary>
    public async Task<TimeSpan> WaitAsync(IReadOnlyList<DnsServerSet> servers, string recordName, string value, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pending = servers.ToDictionary(s => s, _ => "not asked yet");
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var pause = FirstPause < pollInterval ? FirstPause : pollInterval;
        try
        {
            while (true)
            {
                var round = pending.Keys.Select(async server => (server, state: await StateAsync(server, recordName, value, linked.Token).ConfigureAwait(false)));
                var results = await Task.WhenAll(round).ConfigureAwait(false);
                var cutShort = linked.IsCancellationRequested;
                foreach (var (server, state) in results)
                {
                    // In a round the deadline cut short, a cancelled query looks like "no answer": keep what the server
                    // answered before, so the error names what each one really did.
                    if (cutShort && state is not null && state.StartsWith("no answer", StringComparison.Ordinal) && pending[server] != "not asked yet")
                    {
                        continue;
                    }
                    if (state is null)
                    {
                        pending.Remove(server);
                    }
                    else
                    {
                        pending[server] = state;
                    }
                }

                if (pending.Count == 0)
                {
                    return time.GetElapsedTime(started);
                }
                linked.Token.ThrowIfCancellationRequested();

                await Task.Delay(pause, time, linked.Token).ConfigureAwait(false);
                pause = pause * 2 < pollInterval ? pause * 2 : pollInterval;
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var missing = string.Join("; ", pending.Select(p => $"{p.Key} ({p.Value})"));
            throw new DnsChallengeException(
                DnsChallengeError.NotPropagated,
                $"the TXT record {recordName} was not answered by every authoritative server within {DnsWire.Seconds(timeout)}: {missing}");
        }
    }

    /// <summary>Null when the server answers the value, else what it did instead.</summary>
    private async Task<string?> StateAsync(DnsServerSet server, string recordName, string value, CancellationToken cancellationToken)
    {
        var reply = await wire.QueryAsync(server, recordName, RecordType.Txt, recursive: false, cancellationToken).ConfigureAwait(false);
        if (reply is null)
        {
            return $"no answer within {DnsWire.Seconds(wire.QueryTimeout)}";
        }

        if (reply.ReturnCode != ReturnCode.NoError)
        {
            return $"answered {Mnemonics.ReturnCode(reply.ReturnCode)}";
        }

        var found = reply.AnswerRecords.OfType<TxtRecord>().Any(r => DnsNames.AreEqual(r.Name, recordName) && r.TextData == value);
        return found ? null : "answered without the value";
    }
}
