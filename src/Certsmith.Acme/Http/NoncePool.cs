using System.Collections.Concurrent;

namespace Certsmith.Acme.Http;

/// <summary>
/// Nonces the CA handed out in <c>Replay-Nonce</c> headers (RFC 8555 §6.5), kept for the next requests
/// so that a busy client seldom needs a newNonce round trip. Newest first: after a CA restart old nonces
/// go stale, fresh ones do not. Thread-safe. Bounded: a nonce is single-use and may expire, so hoarding
/// them helps nobody.
/// </summary>
internal sealed class NoncePool
{
    /// <summary>Enough for the concurrency a platform uses against one CA; older ones are dropped.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentStack<string> _nonces = new();

    public int Count => _nonces.Count;

    public bool TryTake(out string nonce) => _nonces.TryPop(out nonce!);

    public void Add(string? nonce)
    {
        // §6.5.1: the value is base64url; refuse anything else rather than echo junk back to the CA.
        if (string.IsNullOrEmpty(nonce) || !IsBase64Url(nonce))
        {
            return;
        }
        _nonces.Push(nonce);
        if (_nonces.Count > Capacity * 2)
        {
            // Keep the newest half; the oldest are the likeliest to have expired.
            var keep = new string[Capacity];
            var n = _nonces.TryPopRange(keep);
            _nonces.Clear();
            for (var i = n - 1; i >= 0; i--)
            {
                _nonces.Push(keep[i]);
            }
        }
    }

    public void Clear() => _nonces.Clear();

    private static bool IsBase64Url(string s)
    {
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }
        return true;
    }
}
