namespace Sim.Vocabulary;

/// <summary>
/// An N:M sparsity pattern: at most <see cref="N"/> non-zeros among every <see cref="M"/> consecutive
/// values along the grouped dimension. <see cref="Dense"/> (1:1) means no sparsity; hardware and
/// compilers treat every pattern uniformly, so dense is not a special case.
/// </summary>
public readonly record struct NmPattern(int N, int M)
{
    /// <summary>The dense pattern (every value kept).</summary>
    public static NmPattern Dense => new(1, 1);

    public bool IsDense => N == M;

    /// <summary>Fraction of values kept, N/M.</summary>
    public double Density => (double)N / M;

    /// <summary>Bits of in-group index stored per kept value: ceil(log2 M) (docs/sat.md, [model]).</summary>
    public int IndexBits => IsDense ? 0 : (int)Math.Ceiling(Math.Log2(M));

    /// <summary>
    /// Kept values among <paramref name="length"/> values grouped along the pruned dimension: N per full group
    /// of M plus min(rest, N) for a partial last group (all of them when dense). The compressed length of an
    /// N:M operand, e.g. the reduction length a sparse PE column iterates over.
    /// </summary>
    public long Kept(long length) => IsDense ? length : length / M * N + Math.Min(length % M, N);

    /// <summary>Bytes of the in-group indices of <paramref name="kept"/> values, rounded up to whole bytes (0 when dense).</summary>
    public long IndexBytes(long kept) => checked(kept * IndexBits + 7) / 8;

    /// <summary>Bytes of <paramref name="kept"/> values of <paramref name="elementBytes"/> each plus their indices.</summary>
    public long CompressedBytes(long kept, int elementBytes) => checked(kept * elementBytes + IndexBytes(kept));

    /// <summary>Parses "2:8" (or "dense"); throws <see cref="FormatException"/> naming the expected form.</summary>
    public static NmPattern Parse(string text)
    {
        if (string.Equals(text, "dense", StringComparison.OrdinalIgnoreCase))
        {
            return Dense;
        }
        var parts = text.Split(':');
        if (parts.Length == 2 && int.TryParse(parts[0], out var n) && int.TryParse(parts[1], out var m) && n >= 1 && m >= 1 && n <= m)
        {
            return new NmPattern(n, m);
        }
        throw new FormatException($"{Sim.Vocabulary.IO.TextExcerpt.Quote(text)} is not an N:M pattern; expected two integers 1 <= N <= M such as 2:8");
    }

    public override string ToString() => IsDense ? "dense" : $"{N}:{M}";
}
