namespace Sim.Onnx;

/// <summary>
/// Evaluates operators on constants at import (the shape arithmetic exporters emit: Shape, Gather, Slice,
/// Unsqueeze, Concat, Add/Sub/Mul/Div on small integer vectors; and Transpose of weights). Integers stay
/// exact (checked arithmetic); each result is bounded in size so a hostile file cannot make the importer
/// allocate without limit. Errors go through <c>fail</c>, which names the node.
/// </summary>
internal static class Folding
{
    /// <summary>Largest constant computed at import (the exporters' shape tensors have a handful of values).</summary>
    public const long MaxFoldedElements = 1 << 20;

    public static float[] Transpose2D(ReadOnlySpan<float> data, int rows, int cols)
    {
        var result = new float[data.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                result[c * rows + r] = data[r * cols + c];
            }
        }
        return result;
    }

    /// <summary>Transposes a constant; floating-point data lazily (a weight transposed before a MatMul).</summary>
    public static ConstTensor Transpose(ConstTensor t, long[] perm, Func<string, Exception> fail)
    {
        var rank = t.Rank;
        if (perm.Length != rank || perm.Order().Select(p => (int)p).SequenceEqual(Enumerable.Range(0, rank)) is false)
        {
            throw fail($"perm [{string.Join(",", perm)}] is not a permutation of {rank} axes");
        }
        var dims = perm.Select(p => t.Dims[p]).ToArray();
        if (rank == 2 && !t.IsInteger)
        {
            return ConstTensor.OfFloats(dims, () => Transpose2D(t.Values.Span, (int)t.Dims[0], (int)t.Dims[1]), t.Source);
        }
        if (t.IsInteger)
        {
            return ConstTensor.OfInts(dims, Permute(t.Ints!, t.Dims, perm));
        }
        return ConstTensor.OfFloats(dims, () => Permute(t.Floats, t.Dims, perm), t.Source);
    }

    private static T[] Permute<T>(T[] data, long[] dims, long[] perm)
    {
        var rank = dims.Length;
        var outDims = perm.Select(p => dims[p]).ToArray();
        var inStrides = Strides(dims);
        var result = new T[data.Length];
        var index = new long[rank];
        for (var o = 0; o < result.Length; o++)
        {
            long src = 0;
            for (var a = 0; a < rank; a++)
            {
                src += index[a] * inStrides[perm[a]];
            }
            result[o] = data[src];
            for (var a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < outDims[a])
                {
                    break;
                }
                index[a] = 0;
            }
        }
        return result;
    }

    private static long[] Strides(long[] dims)
    {
        var s = new long[dims.Length];
        long acc = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /// <summary>The dimensions of a constant reshaped to <paramref name="shape"/> (0 copies, -1 infers, as ONNX Reshape).</summary>
    public static long[] ReshapeDims(long[] dims, long[] shape, bool allowZero, Func<string, Exception> fail)
    {
        var result = new long[shape.Length];
        var infer = -1;
        for (var i = 0; i < shape.Length; i++)
        {
            var v = shape[i];
            if (v == 0 && !allowZero)
            {
                v = i < dims.Length ? dims[i] : throw fail($"target dimension {i} copies a dimension the constant lacks");
            }
            if (v == -1)
            {
                if (infer >= 0)
                {
                    throw fail("expects at most one -1 in the target shape");
                }
                infer = i;
                v = 1;
            }
            if (v < 0)
            {
                throw fail($"target dimension {i} is {v}");
            }
            result[i] = v;
        }
        var total = ConstTensor.Count(dims);
        if (infer >= 0)
        {
            var rest = ConstTensor.Count(result);
            if (rest == 0 || total % rest != 0)
            {
                throw fail($"cannot reshape a constant [{string.Join(",", dims)}] to [{string.Join(",", shape)}]");
            }
            result[infer] = total / rest;
        }
        if (ConstTensor.Count(result) != total)
        {
            throw fail($"cannot reshape a constant [{string.Join(",", dims)}] to [{string.Join(",", shape)}] (inconsistent shapes)");
        }
        return result;
    }

    public static long[] UnsqueezeDims(long[] dims, long[] axes, Func<string, Exception> fail)
    {
        var rank = dims.Length + axes.Length;
        var norm = axes.Select(a => a < 0 ? a + rank : a).ToArray();
        if (norm.Any(a => a < 0 || a >= rank) || norm.Distinct().Count() != norm.Length)
        {
            throw fail($"axes [{string.Join(",", axes)}] are not distinct axes of the rank-{rank} result");
        }
        var result = new long[rank];
        var j = 0;
        for (var i = 0; i < rank; i++)
        {
            result[i] = norm.Contains(i) ? 1 : dims[j++];
        }
        return result;
    }

    public static long[] SqueezeDims(long[] dims, long[]? axes, Func<string, Exception> fail)
    {
        if (axes is null)
        {
            return dims.Where(d => d != 1).ToArray();
        }
        var norm = axes.Select(a => a < 0 ? a + dims.Length : a).ToArray();
        if (norm.Any(a => a < 0 || a >= dims.Length || dims[a] != 1))
        {
            throw fail($"axes [{string.Join(",", axes)}] are not axes of size 1 of [{string.Join(",", dims)}]");
        }
        return dims.Where((_, i) => !norm.Contains(i)).ToArray();
    }

    public static ConstTensor Concat(ConstTensor[] parts, long axis, Func<string, Exception> fail)
    {
        if (parts.Length == 0)
        {
            throw fail("expects at least one input");
        }
        var rank = parts[0].Rank;
        if (rank != 1 || axis is not (0 or -1) || parts.Any(p => p.Rank != 1))
        {
            throw fail($"folds only the concatenation of 1-D constants (shapes), got {string.Join(" and ", parts.Select(p => p.ToString()))}");
        }
        var total = parts.Sum(p => p.Elements);
        Check(total, fail);
        if (parts.All(p => p.IsInteger))
        {
            return ConstTensor.OfInts([total], parts.SelectMany(p => p.Ints!).ToArray());
        }
        return ConstTensor.OfFloats([total], parts.SelectMany(p => p.Floats).ToArray());
    }

    public static ConstTensor Gather(ConstTensor data, ConstTensor indices, long axis, Func<string, Exception> fail)
    {
        if (data.Rank != 1 || (axis != 0 && axis != -1) || !indices.IsInteger)
        {
            throw fail($"folds only integer indices into a 1-D constant (a shape), got {data} and {indices}");
        }
        var n = data.Elements;
        var picked = indices.Ints!.Select(i =>
        {
            var j = i < 0 ? i + n : i;
            return j >= 0 && j < n ? j : throw fail($"index {i} is outside 0..{n - 1}");
        }).ToArray();
        if (data.IsInteger)
        {
            return ConstTensor.OfInts(indices.Dims, picked.Select(j => data.Ints![j]).ToArray());
        }
        var values = data.Floats;
        return ConstTensor.OfFloats(indices.Dims, picked.Select(j => values[j]).ToArray());
    }

    public static ConstTensor Slice(ConstTensor data, long[] starts, long[] ends, long[]? axes, long[]? steps, Func<string, Exception> fail)
    {
        if (data.Rank != 1 || starts.Length != 1 || ends.Length != 1 || (axes is not null && (axes.Length != 1 || axes[0] is not (0 or -1))))
        {
            throw fail($"folds only a slice of a 1-D constant (a shape), got {data}");
        }
        var step = steps is { Length: 1 } ? steps[0] : 1;
        if (step == 0)
        {
            throw fail("slice step 0");
        }
        var n = data.Elements;
        long Clamp(long v, long lo, long hi) => Math.Clamp(v < 0 ? v + n : v, lo, hi);
        var picked = new List<long>();
        if (step > 0)
        {
            for (var i = Clamp(starts[0], 0, n); i < Clamp(ends[0], 0, n); i += step)
            {
                picked.Add(i);
            }
        }
        else
        {
            for (var i = Clamp(starts[0], 0, n - 1); i > Clamp(ends[0], -1, n - 1); i += step)
            {
                picked.Add(i);
            }
        }
        if (data.IsInteger)
        {
            return ConstTensor.OfInts([picked.Count], picked.Select(j => data.Ints![j]).ToArray());
        }
        var values = data.Floats;
        return ConstTensor.OfFloats([picked.Count], picked.Select(j => values[j]).ToArray());
    }

    /// <summary>Add, Sub, Mul or Div of two constants of equal dimensions or with a one-element operand (broadcast).</summary>
    public static ConstTensor Elementwise(string op, ConstTensor a, ConstTensor b, Func<string, Exception> fail)
    {
        long[] dims;
        if (a.Dims.SequenceEqual(b.Dims) || b.Elements == 1)
        {
            dims = a.Elements == 1 && b.Rank > a.Rank ? b.Dims : a.Dims;
        }
        else if (a.Elements == 1)
        {
            dims = b.Dims;
        }
        else
        {
            throw fail($"folds only equal shapes or a scalar operand, got {a} and {b}");
        }
        var count = ConstTensor.Count(dims);
        Check(count, fail);
        if (a.IsInteger && b.IsInteger)
        {
            var x = a.Ints!;
            var y = b.Ints!;
            var r = new long[count];
            for (var i = 0; i < count; i++)
            {
                var u = x[x.Length == 1 ? 0 : i];
                var v = y[y.Length == 1 ? 0 : i];
                try
                {
                    r[i] = op switch
                    {
                        "Add" => checked(u + v),
                        "Sub" => checked(u - v),
                        "Mul" => checked(u * v),
                        _ => v == 0 ? throw fail("integer division by zero") : u / v,
                    };
                }
                catch (OverflowException)
                {
                    throw fail($"{op} of {u} and {v} overflows 64 bits");
                }
            }
            return ConstTensor.OfInts(dims, r);
        }
        var fx = a.Floats;
        var fy = b.Floats;
        var f = new float[count];
        for (var i = 0; i < count; i++)
        {
            var u = fx[fx.Length == 1 ? 0 : i];
            var v = fy[fy.Length == 1 ? 0 : i];
            f[i] = op switch { "Add" => u + v, "Sub" => u - v, "Mul" => u * v, _ => u / v };
        }
        return ConstTensor.OfFloats(dims, f);
    }

    private static void Check(long count, Func<string, Exception> fail)
    {
        if (count > MaxFoldedElements)
        {
            throw fail($"would fold {count} values at import; at most {MaxFoldedElements}");
        }
    }
}
