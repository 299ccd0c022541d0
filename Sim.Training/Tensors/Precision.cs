namespace Sim.Training.Tensors;

/// <summary>
/// Arithmetic precision of the GEMM operands (FP, BP and WG inputs). SAT computes in FP16 with FP32
/// master weights and updates (NVIDIA AMP style); the functional engine reproduces that by rounding the
/// operands before each GEMM while accumulating and updating in FP32.
/// </summary>
public enum Precision
{
    FP32,
    FP16,
    BF16,
}

/// <summary>Rounding of float32 values to the representable values of a narrower format.</summary>
public static class PrecisionRounding
{
    public static Precision Parse(string text) => text.ToLowerInvariant() switch
    {
        "fp32" => Precision.FP32,
        "fp16" => Precision.FP16,
        "bf16" => Precision.BF16,
        _ => throw new FormatException($"'{text}' is not a precision; expected fp32, fp16 or bf16"),
    };

    /// <summary>Rounds to nearest even in the target format (FP16 saturates to +-inf beyond 65504, as hardware does).</summary>
    public static float Round(float x, Precision p) => p switch
    {
        Precision.FP16 => (float)(Half)x,
        Precision.BF16 => RoundBf16(x),
        _ => x,
    };

    public static void Round(Span<float> values, Precision p)
    {
        if (p == Precision.FP32)
        {
            return;
        }
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Round(values[i], p);
        }
    }

    private static float RoundBf16(float x)
    {
        if (float.IsNaN(x))
        {
            return x;
        }
        var bits = BitConverter.SingleToUInt32Bits(x);
        var lsb = (bits >> 16) & 1;
        bits += 0x7FFF + lsb;
        return BitConverter.UInt32BitsToSingle(bits & 0xFFFF0000u);
    }
}
