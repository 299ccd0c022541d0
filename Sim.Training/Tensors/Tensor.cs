namespace Sim.Training.Tensors;

/// <summary>
/// A dense float32 tensor in row-major (NCHW for images) layout. Mutable on purpose: layers keep their
/// output and gradient tensors between iterations and reuse the storage, so the training loop does not
/// allocate once shapes are settled.
/// </summary>
public sealed class Tensor
{
    private int[] _shape;

    public Tensor(params int[] shape)
    {
        _shape = (int[])shape.Clone();
        Length = Count(shape);
        Data = new float[Length];
    }

    public Tensor(float[] data, params int[] shape)
    {
        _shape = (int[])shape.Clone();
        Length = Count(shape);
        if (data.Length < Length)
        {
            throw new ArgumentException($"data has {data.Length} values, shape needs {Length}");
        }
        Data = data;
    }

    /// <summary>Backing array; may be longer than <see cref="Length"/> after a shrinking reshape.</summary>
    public float[] Data { get; private set; }

    public int Length { get; private set; }

    public IReadOnlyList<int> Shape => _shape;

    public int Rank => _shape.Length;

    public Span<float> Span => Data.AsSpan(0, Length);

    public int this[int dim] => _shape[dim];

    /// <summary>Product of the dimensions from <paramref name="from"/> on (e.g. C*H*W of an NCHW tensor).</summary>
    public int Stride(int from)
    {
        var s = 1;
        for (var i = from; i < _shape.Length; i++)
        {
            s *= _shape[i];
        }
        return s;
    }

    public bool HasShape(ReadOnlySpan<int> shape) => shape.SequenceEqual(_shape);

    /// <summary>Changes the shape in place, growing the storage only when it is too small.</summary>
    public void Resize(params ReadOnlySpan<int> shape)
    {
        var n = Count(shape);
        if (n > Data.Length)
        {
            Data = new float[n];
        }
        _shape = shape.ToArray();
        Length = n;
    }

    /// <summary>Returns <paramref name="t"/> reshaped to <paramref name="shape"/>, creating it when null.</summary>
    public static Tensor Ensure(ref Tensor? t, params ReadOnlySpan<int> shape)
    {
        if (t is null)
        {
            t = new Tensor(shape.ToArray());
        }
        else if (!t.HasShape(shape))
        {
            t.Resize(shape);
        }
        return t;
    }

    /// <summary>Returns <paramref name="t"/> reshaped to the shape of <paramref name="like"/> (created when null), without allocating once it fits.</summary>
    public static Tensor EnsureLike(ref Tensor? t, Tensor like)
    {
        if (t is null)
        {
            t = new Tensor(like._shape);
        }
        else if (!t.HasShape(like._shape))
        {
            t.Resize(like._shape);
        }
        return t;
    }

    public Tensor Clone()
    {
        var c = new Tensor(_shape);
        Span.CopyTo(c.Data);
        return c;
    }

    public void Clear() => Span.Clear();

    public void CopyFrom(Tensor other)
    {
        if (other.Length != Length)
        {
            throw new ArgumentException($"cannot copy {other.Length} values into {Length}");
        }
        other.Span.CopyTo(Span);
    }

    public string ShapeText => "[" + string.Join(",", _shape) + "]";

    public override string ToString() => $"Tensor{ShapeText}";

    private static int Count(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("negative dimension");
            }
            n *= d;
        }
        if (n > int.MaxValue)
        {
            throw new ArgumentException("tensor too large");
        }
        return (int)n;
    }
}
