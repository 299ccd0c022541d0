namespace Sim.Training.Engine;

/// <summary>
/// Training diverged: the loss or a weight became NaN or infinite. Thrown at the first such iteration so a
/// diverged run ends with an error naming where, instead of completing with NaN in its report; set
/// <see cref="TrainingOptions.ContinueOnDivergence"/> to train on and record it in <see cref="TrainingResult.Divergence"/>.
/// </summary>
public sealed class TrainingDivergedException(string method, int epoch, int iteration, string what)
    : Exception($"training diverged: {method}, epoch {epoch}, iteration {iteration}: {what}; lower the learning rate (or let it train on and record it: workload.on_divergence: continue, train --continue-on-divergence)")
{
    public string Method { get; } = method;

    public int Epoch { get; } = epoch;

    /// <summary>1-based iteration within the epoch.</summary>
    public int Iteration { get; } = iteration;

    public string What { get; } = what;
}
