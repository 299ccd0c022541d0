namespace Sim.Training.Sparsity;

/// <summary>
/// How weights enter each stage (SAT.md): dense everywhere; SR-STE (Zhou et al., ICLR 2021) with N:M
/// weights in FP only; BDWP with N:M weights in FP (grouped along Cin) and in BP (grouped along Cout).
/// WG is dense in all three and the dense master weights are updated every iteration.
/// </summary>
public enum TrainingMethod
{
    Dense,
    SrSte,
    Bdwp,
}

/// <summary>Parsing and naming of <see cref="TrainingMethod"/> for the command line and JSON.</summary>
public static class TrainingMethods
{
    public static TrainingMethod Parse(string text) => text.ToLowerInvariant() switch
    {
        "dense" => TrainingMethod.Dense,
        "srste" or "sr-ste" => TrainingMethod.SrSte,
        "bdwp" => TrainingMethod.Bdwp,
        _ => throw new FormatException($"'{text}' is not a training method; expected dense, srste or bdwp"),
    };

    public static string Name(TrainingMethod m) => m switch
    {
        TrainingMethod.SrSte => "srste",
        TrainingMethod.Bdwp => "bdwp",
        _ => "dense",
    };
}
