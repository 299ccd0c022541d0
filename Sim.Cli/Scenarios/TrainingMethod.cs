namespace Sim.Cli.Scenarios;

/// <summary>The training methods a scenario can compare (SAT.md: dense baseline, forward-only SR-STE, BDWP).</summary>
public enum TrainingMethod
{
    /// <summary>Dense training in every stage.</summary>
    Dense,
    /// <summary>SR-STE (Zhou et al., ICLR 2021): N:M sparse FP, dense BP and WG.</summary>
    Srste,
    /// <summary>Bidirectional weight pruning: N:M sparse FP and BP, dense WG.</summary>
    Bdwp,
}
