namespace Sim.Workloads.Models;

/// <summary>
/// The shape of one sample's activation tensor, without the batch dimension: (C, H, W) for conv nets,
/// (T, D) for token sequences, (F) for feature vectors, and () for a scalar (the loss). Batch is a
/// property of a training run, not of the model, so shapes stay batch-free and the lowering multiplies in B.
/// </summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly int[] _dims;

    public TensorShape(params int[] dims)
    {
        foreach (var d in dims)
        {
            if (d < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dims), $"shape {Format(dims)} has a dimension < 1");
            }
        }
        _dims = (int[])dims.Clone();
    }

    /// <summary>The scalar shape (rank 0, one element).</summary>
    public static TensorShape Scalar { get; } = new();

    public IReadOnlyList<int> Dims => _dims;

    public int Rank => _dims.Length;

    public int this[int index] => _dims[index];

    /// <summary>Number of elements of one sample.</summary>
    public long Elements
    {
        get
        {
            long e = 1;
            foreach (var d in _dims)
            {
                e *= d;
            }
            return e;
        }
    }

    /// <summary>Channels of a (C, H, W) shape.</summary>
    public int Channels => Rank == 3 ? _dims[0] : throw new InvalidOperationException($"shape {this} is not C x H x W");

    public int Height => Rank == 3 ? _dims[1] : throw new InvalidOperationException($"shape {this} is not C x H x W");

    public int Width => Rank == 3 ? _dims[2] : throw new InvalidOperationException($"shape {this} is not C x H x W");

    /// <summary>The last dimension (features of a vector, D of tokens x D).</summary>
    public int Last => Rank >= 1 ? _dims[^1] : throw new InvalidOperationException("a scalar has no last dimension");

    /// <summary>Elements divided by the last dimension: how many rows a Linear layer processes per sample.</summary>
    public long Rows => Elements / Last;

    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in _dims)
        {
            h.Add(d);
        }
        return h.ToHashCode();
    }

    public static bool operator ==(TensorShape? a, TensorShape? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(TensorShape? a, TensorShape? b) => !(a == b);

    public override string ToString() => Format(_dims);

    private static string Format(int[] dims) => dims.Length == 0 ? "scalar" : string.Join("x", dims.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
