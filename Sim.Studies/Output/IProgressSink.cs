namespace Sim.Studies.Output;

/// <summary>
/// What long-running work reports progress to; the implementation is a Spectre.Console bar or nothing,
/// so the work itself never checks <c>--quiet</c> or redirection. Thread-safe (parallel sweeps share one).
/// </summary>
public interface IProgressSink
{
    /// <summary>Adds <paramref name="amount"/> units of completed work.</summary>
    void Advance(double amount = 1);

    /// <summary>Replaces the text shown next to the bar.</summary>
    void Describe(string text);
}
