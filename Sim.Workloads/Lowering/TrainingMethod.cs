namespace Sim.Workloads.Lowering;

/// <summary>
/// The training methods SatSim compares (docs/sat.md): dense; SR-STE (sparse FP only, Zhou et al. ICLR 2021);
/// BDWP (sparse FP with the Cin mask and sparse BP with the Cout mask, dense WG).
/// </summary>
public enum TrainingMethod
{
    Dense,
    Srste,
    Bdwp,
}

/// <summary>Parsing and naming of <see cref="TrainingMethod"/> as the CLI and traces spell it.</summary>
public static class TrainingMethods
{
    /// <summary>Parses "dense", "srste" or "bdwp" (case-insensitive); throws <see cref="FormatException"/> naming the choices.</summary>
    public static TrainingMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "dense" => TrainingMethod.Dense,
        "srste" or "sr-ste" => TrainingMethod.Srste,
        "bdwp" => TrainingMethod.Bdwp,
        _ => throw new FormatException($"{Sim.Vocabulary.IO.TextExcerpt.Quote(text)} is not a training method; expected dense, srste or bdwp"),
    };

    public static string Name(this TrainingMethod method) => method switch
    {
        TrainingMethod.Dense => "dense",
        TrainingMethod.Srste => "srste",
        TrainingMethod.Bdwp => "bdwp",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
