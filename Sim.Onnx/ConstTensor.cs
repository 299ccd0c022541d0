namespace Sim.Onnx;

/// <summary>
/// A constant of the ONNX graph during import: an initializer, a Constant node or the folded result of shape
/// arithmetic. Integers are held eagerly (shapes are small); floating-point values are decoded only when
/// asked for (<see cref="Values"/>), so importing a model for timing never reads its weights.
/// </summary>
internal sealed class ConstTensor
{
    private Func<ReadOnlyMemory<float>>? _floats;
    private ReadOnlyMemory<float>? _cache;

    private ConstTensor(long[] dims, long[]? ints, Func<ReadOnlyMemory<float>>? floats, string? source)
    {
        Dims = dims;
        Ints = ints;
        _floats = floats;
        Source = source;
    }

    /// <summary>Full dimensions as in the file (rank 0 for a scalar).</summary>
    public long[] Dims { get; }

    /// <summary>Integer values (shape arithmetic), or null for a floating-point tensor.</summary>
    public long[]? Ints { get; }

    public bool IsInteger => Ints is not null;

    /// <summary>The initializer these values come from (possibly transposed), for naming; null when computed.</summary>
    public string? Source { get; }

    public long Elements => Count(Dims);

    public int Rank => Dims.Length;

    /// <summary>
    /// Values as floats (integers converted), decoded once. An initializer's little-endian FP32 raw data is not
    /// copied: the values are a view of the parsed file's bytes (<see cref="FloatView"/>), so the weights are held
    /// once. The decoder is dropped once it has run.
    /// </summary>
    public ReadOnlyMemory<float> Values
    {
        get
        {
            if (_cache is null)
            {
                if (Ints is { } ints)
                {
                    var converted = new float[ints.Length];
                    for (var i = 0; i < ints.Length; i++)
                    {
                        converted[i] = ints[i];
                    }
                    _cache = converted;
                }
                else
                {
                    _cache = _floats!();
                    _floats = null;
                }
            }
            return _cache.Value;
        }
    }

    /// <summary>
    /// <see cref="Values"/> as an array, for folding small constants: the decoded array itself when the values
    /// are one, else a copy (a view of the file's bytes).
    /// </summary>
    public float[] Floats => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Values, out var segment)
        && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : Values.ToArray();

    /// <summary>Values as doubles, for attributes read from small constants (clip bounds, scale factors).</summary>
    public double[] Doubles => Ints is { } i ? i.Select(v => (double)v).ToArray() : Floats.Select(v => (double)v).ToArray();

    public static ConstTensor OfInts(long[] dims, long[] values) => new(dims, values, null, null);

    public static ConstTensor OfFloats(long[] dims, Func<ReadOnlyMemory<float>> values, string? source) => new(dims, null, values, source);

    public static ConstTensor OfFloats(long[] dims, float[] values) => new(dims, null, () => values, null);

    public static long Count(IEnumerable<long> dims)
    {
        long n = 1;
        foreach (var d in dims)
        {
            n = checked(n * d);
        }
        return n;
    }

    /// <summary>The same values under another name (an Identity node's output), so layers are named after it.</summary>
    public ConstTensor WithSource(string source) => new(Dims, Ints, Ints is null ? () => Values : null, source);

    /// <summary>The same values with other dimensions of equal element count (Reshape, Squeeze, Unsqueeze of a constant).</summary>
    public ConstTensor WithDims(long[] dims) => new(dims, Ints, Ints is null ? () => Values : null, Source);

    public override string ToString() => $"[{string.Join(",", Dims)}]";
}
