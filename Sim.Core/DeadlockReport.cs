using System.Text;

namespace Sim.Core;

/// <summary>
/// The state of a stuck simulation: the time the queue emptied and, for every process still waiting,
/// what it waits on (a resource and who holds it, a full or empty store, an untriggered event).
/// </summary>
public sealed class DeadlockReport
{
    internal DeadlockReport(long time, IReadOnlyList<WaitingProcess> waiting)
    {
        Time = time;
        Waiting = waiting;
    }

    public long Time { get; }

    /// <summary>The waiting processes in creation order.</summary>
    public IReadOnlyList<WaitingProcess> Waiting { get; }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Deadlock at cycle ").Append(Time).Append(": no event is scheduled but ")
          .Append(Waiting.Count).Append(Waiting.Count == 1 ? " process waits:" : " processes wait:");
        foreach (var w in Waiting)
        {
            sb.Append('\n').Append("  process '").Append(w.Process).Append("' waits on ").Append(w.WaitsOn);
        }
        return sb.ToString();
    }
}

/// <summary>One line of a <see cref="DeadlockReport"/>: a process name and what it waits on, in words.</summary>
public readonly record struct WaitingProcess(string Process, string WaitsOn);
