namespace Sim.Workloads.Lowering;

/// <summary>
/// The weight dimension an N:M mask groups along (docs/sat.md): FP prunes along the input channels (its
/// reduction dimension), BP along the output channels (its reduction dimension). Either way the groups lie
/// along the GEMM's K.
/// </summary>
public enum WeightDimension
{
    None,
    /// <summary>Cin of a conv weight (Cout x Cin x Kh x Kw), InFeatures of a linear weight.</summary>
    InputChannels,
    /// <summary>Cout of a conv weight, OutFeatures of a linear weight.</summary>
    OutputChannels,
}
