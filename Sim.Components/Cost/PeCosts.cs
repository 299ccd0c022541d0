namespace Sim.Components.Cost;

/// <summary>
/// DSPs, LUTs and flip-flops of one processing element: a multiplier for the operand format, an accumulator (FP32,
/// INT32 for INT8), the systolic forwarding registers and, when the PE supports N:M sparsity, the M-to-1 activation
/// selection and the index path (docs/sat.md [model]: a PE holds a kept weight and its in-group index and picks the
/// matching activation out of the M-wide group it forwards).
/// </summary>
/// <remarks>
/// Facts used (cited) and assumptions (named, to be replaced by synthesis results of a real PE):
/// <list type="bullet">
/// <item>DSP48E2 has a 27 x 18 multiplier (Xilinx UG579), DSP48E1 a 25 x 18 (UG479): an FP16 (11-bit significand) or
/// BF16 (8-bit) significand product fits one DSP; an FP32 (24 x 24-bit) product needs two, which is also the
/// Floating-Point Operator's "full DSP usage" single-precision multiplier (Xilinx PG060).</item>
/// <item>Two INT8 products sharing one operand fit one DSP48E2 (Xilinx WP486, "Deep Learning with INT8 Optimization
/// on Xilinx Devices"): 0.5 DSP per INT8 PE, the accumulation in the DSP's 48-bit accumulator.</item>
/// <item>A Stratix 10 variable-precision DSP block has a hard IEEE-754 single-precision multiply-add (Intel UG-S10-DSP):
/// one block per FP32, FP16 or BF16 PE (the two 16-bit formats are widened to FP32 in LUTs); two 18 x 19 multipliers
/// per block give 0.5 block per INT8 PE.</item>
/// <item>[assumption: fabric FP] on Xilinx parts the FP32 accumulator is a fabric adder of 320 LUTs and 420 flip-flops
/// and the significand multiplier's exponent, normalisation and rounding take 60 LUTs and 90 flip-flops (16-bit
/// formats; 100 and 150 for FP32) — the order of PG060's fabric (no-DSP) single-precision adder and of its
/// DSP-based multipliers; BF16 saves 20 LUTs and flip-flops against FP16 (shorter significand).</item>
/// <item>Systolic registers: the forwarded activation and weight (operand bits each) and the 32-bit partial sum.</item>
/// <item>N:M mode: an M:1 multiplexer per activation bit costs ceil(M / 4) LUT6 (a LUT6 is a 4:1 multiplexer and
/// the CLB's F7/F8 multiplexers join two or four of them into 8:1 or 16:1, Xilinx UG574); the forwarded group holds M
/// activations instead of one ((M - 1) x operand bits more flip-flops); the index path is a ceil(log2 M)-bit
/// register and its decode (one LUT per index bit, [assumption: index decode]).</item>
/// <item>[assumption: PE control] 10 LUTs and 10 flip-flops of per-PE control (valid, dataflow select OS/WS).</item>
/// </list>
/// </remarks>
public static class PeCosts
{
    /// <summary>One PE for an operand format on a DSP architecture; <paramref name="sparseM"/> is the largest N:M group
    /// size the PE supports (1: dense-only PE).</summary>
    public static ResourceVector For(DspKind dsp, OperandPrecision precision, int sparseM)
    {
        if (sparseM < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sparseM), sparseM, "the N:M group size must be >= 1 (1 = dense-only PEs)");
        }
        var bits = precision.Bits();
        var arithmetic = Arithmetic(dsp, precision);
        var registers = new ResourceVector(0, 0, 2 * bits + 32, 0, 0);
        var control = new ResourceVector(0, 10, 10, 0, 0);
        return arithmetic + registers + control + SparseSelection(precision, sparseM);
    }

    /// <summary>The N:M additions alone (zero for a dense-only PE).</summary>
    public static ResourceVector SparseSelection(OperandPrecision precision, int sparseM)
    {
        if (sparseM <= 1)
        {
            return ResourceVector.Zero;
        }
        var bits = precision.Bits();
        var indexBits = (int)Math.Ceiling(Math.Log2(sparseM));
        var mux = bits * (int)Math.Ceiling(sparseM / 4.0);
        return new ResourceVector(0, mux + indexBits, (sparseM - 1) * bits + indexBits, 0, 0);
    }

    private static ResourceVector Arithmetic(DspKind dsp, OperandPrecision precision) => (dsp, precision) switch
    {
        (DspKind.Stratix10VariablePrecision, OperandPrecision.Int8) => new(0.5, 20, 40, 0, 0),
        (DspKind.Stratix10VariablePrecision, OperandPrecision.Fp32) => new(1, 0, 0, 0, 0),
        // FP16/BF16 widened to FP32 for the hard multiply-add: two format converters.
        (DspKind.Stratix10VariablePrecision, _) => new(1, 40, 40, 0, 0),
        (_, OperandPrecision.Int8) => new(0.5, 0, 0, 0, 0),
        (_, OperandPrecision.Fp16) => new(1, 60 + 320, 90 + 420, 0, 0),
        (_, OperandPrecision.Bf16) => new(1, 40 + 320, 70 + 420, 0, 0),
        (_, OperandPrecision.Fp32) => new(2, 100 + 320, 150 + 420, 0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "unknown precision"),
    };
}
