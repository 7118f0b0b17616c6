using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Certsmith.Dns.Tests.Support;

/// <summary>Keeps every formatted log line (and its exception's message), to check what logs reveal.</summary>
public sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                _lines.Enqueue($"  {key} = {value}");
            }
        }
    }
}
