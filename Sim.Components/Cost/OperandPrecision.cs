namespace Sim.Components.Cost;

/// <summary>Number format of the PE array's operands (the accumulator stays FP32, or INT32 for INT8).</summary>
public enum OperandPrecision
{
    Int8,
    Fp16,
    Bf16,
    Fp32,
}

/// <summary>Names and defaults of <see cref="OperandPrecision"/>.</summary>
public static class OperandPrecisions
{
    /// <summary>The format a configuration's operand width implies: 1 byte INT8, 2 bytes FP16 (SAT's), 4 bytes FP32.</summary>
    public static OperandPrecision FromOperandBytes(int bytes) => bytes switch
    {
        1 => OperandPrecision.Int8,
        2 => OperandPrecision.Fp16,
        4 => OperandPrecision.Fp32,
        _ => throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "operand width must be 1, 2 or 4 bytes for the resource model"),
    };

    /// <summary>Bits of one operand.</summary>
    public static int Bits(this OperandPrecision p) => p switch
    {
        OperandPrecision.Int8 => 8,
        OperandPrecision.Fp32 => 32,
        _ => 16,
    };

    public static string Name(this OperandPrecision p) => p.ToString().ToLowerInvariant();

    /// <summary>Parses int8, fp16, bf16 or fp32.</summary>
    public static OperandPrecision Parse(string text) => text.ToLowerInvariant() switch
    {
        "int8" => OperandPrecision.Int8,
        "fp16" => OperandPrecision.Fp16,
        "bf16" => OperandPrecision.Bf16,
        "fp32" => OperandPrecision.Fp32,
        _ => throw new FormatException($"'{text}' is not a precision; expected int8, fp16, bf16 or fp32"),
    };
}
