using System.Text;

namespace Certsmith.LocalCa;

/// <summary>Thread-safe in-memory log of the lines child processes write, for test failure messages.</summary>
internal sealed class ProcessLog
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public void Append(string source, string line)
    {
        lock (_gate)
        {
            _text.Append('[').Append(source).Append("] ").Append(line).Append('\n');
        }
    }

    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _text.Length;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
