namespace Sim.Mapping.Tiling;

/// <summary>
/// The tile iteration of a GEMM plan as a list of loops (outermost first), shared by the cost model and the
/// emitter so both see the same sequence. With interleaving, the middle loop of a K-innermost order is cut
/// into blocks of <see cref="GemmPlan.Interleave"/> whose members alternate inside the K loop: consecutive
/// tiles then accumulate into different outputs and do not wait on each other.
/// </summary>
internal readonly struct TileLoops
{
    private readonly char[] _dims;
    private readonly long[] _sizes;
    private readonly bool _paired;
    private readonly int _width;
    private readonly long _middleSize;

    public TileLoops(LoopOrder order, long nm, long nn, long nk, int interleave)
    {
        var names = order.ToString().ToCharArray();
        long Size(char d) => d switch { 'M' => nm, 'N' => nn, _ => nk };
        _paired = interleave > 1 && names[2] == 'K' && nk > 1 && Size(names[1]) > 1;
        _width = _paired ? interleave : 1;
        _middleSize = Size(names[1]);
        if (_paired)
        {
            _dims = [names[0], names[1], 'K', names[1]];
            _sizes = [Size(names[0]), (_middleSize + _width - 1) / _width, nk, _width];
        }
        else
        {
            _dims = names;
            _sizes = [Size(names[0]), Size(names[1]), Size(names[2])];
        }
    }

    /// <summary>Output tiles resident at once (the interleave width actually used).</summary>
    public int Width => _width;

    /// <summary>
    /// How many times the block of an operand indexed by the given dimensions changes along the sequence:
    /// the product of the loop sizes from the outermost to the innermost non-trivial loop over one of them. When the
    /// interleaved middle loop does not divide into blocks of <see cref="Width"/>, its last block has fewer members:
    /// each of them still changes the block at every step (two or more members), a single member only when the
    /// operand is also indexed by K.
    /// </summary>
    public long Changes(string dims)
    {
        var inner = -1;
        for (var i = 0; i < _dims.Length; i++)
        {
            if (_sizes[i] > 1 && dims.Contains(_dims[i]))
            {
                inner = i;
            }
        }
        if (_paired && inner == 3)
        {
            long full = _middleSize / _width, rest = _middleSize % _width;
            var partial = rest >= 2 ? _sizes[2] * rest : rest == 1 ? (dims.Contains('K') ? _sizes[2] : 1) : 0;
            return _sizes[0] * (full * _sizes[2] * _width + partial);
        }
        long product = 1;
        for (var i = 0; i <= inner; i++)
        {
            product *= _sizes[i];
        }
        return product;
    }

    /// <summary>The (m, n, k) tile indices in execution order.</summary>
    public IEnumerable<(long M, long N, long K)> Sequence()
    {
        var idx = new long[4];
        var count = _dims.Length;
        // Odometer over the loops, innermost fastest.
        while (true)
        {
            long m = 0, n = 0, k = 0;
            var valid = true;
            if (_paired)
            {
                var middle = idx[1] * _width + idx[3];
                valid = middle < _middleSize;
                Assign(_dims[0], idx[0], ref m, ref n, ref k);
                Assign(_dims[1], middle, ref m, ref n, ref k);
                k = idx[2];
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    Assign(_dims[i], idx[i], ref m, ref n, ref k);
                }
            }
            if (valid)
            {
                yield return (m, n, k);
            }
            var level = count - 1;
            while (level >= 0)
            {
                if (++idx[level] < _sizes[level])
                {
                    break;
                }
                idx[level] = 0;
                level--;
            }
            if (level < 0)
            {
                yield break;
            }
        }
    }

    private static void Assign(char dim, long value, ref long m, ref long n, ref long k)
    {
        switch (dim)
        {
            case 'M': m = value; break;
            case 'N': n = value; break;
            default: k = value; break;
        }
    }
}
