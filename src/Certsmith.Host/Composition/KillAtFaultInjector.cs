using System.Diagnostics;
using Certsmith.Core.Issuance;

namespace Certsmith.Host.Composition;

/// <summary>
/// For the crash-safety tests only: when the environment variable <c>CERTSMITH_KILL_AT</c> names a
/// <see cref="FaultPoints"/> point, the process kills itself with SIGKILL there — no clean-up runs, exactly
/// like <c>kill -9</c>. Unset (production), the platform uses <see cref="NoFaults"/>.
/// </summary>
internal sealed class KillAtFaultInjector(string point) : IFaultInjector
{
    public const string Variable = "CERTSMITH_KILL_AT";

    public void Reached(string point1)
    {
        if (point1 == point)
        {
            Console.Error.WriteLine($"certsmith-server: killed at {point1} ({Variable})");
            Console.Error.Flush();
            Process.GetCurrentProcess().Kill();
        }
    }

    public static IFaultInjector FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } point && FaultPoints.All.Contains(point) ? new KillAtFaultInjector(point) : new NoFaults();
}
