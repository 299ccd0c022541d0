using Sim.Training.Gemm;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

public class SgemmTests
{
    private static double[] Reference(bool ta, bool tb, int m, int n, int k, float[] a, int lda, float[] b, int ldb)
    {
        var c = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                {
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    [Theory]
    [InlineData(false, false, 1, 1, 1)]
    [InlineData(false, false, 7, 19, 5)]
    [InlineData(true, false, 13, 33, 300)]
    [InlineData(false, true, 50, 17, 260)]
    [InlineData(true, true, 31, 40, 70)]
    [InlineData(false, false, 150, 200, 530)]
    public void Matches_double_precision_reference(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Rng(1);
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
        var a = new float[(ta ? k : m) * lda];
        var b = new float[(tb ? n : k) * ldb];
        for (var i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1, 1);
        var c = new float[m * ldc];
        c.AsSpan().Fill(1000f); // overwritten, including padding untouched check below
        Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, ldc);
        var r = Reference(ta, tb, m, n, k, a, lda, b, ldb);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(c[i * ldc + j] - r[i * n + j]) <= 1e-4 * Math.Sqrt(k) + 1e-5, $"C[{i},{j}]");
            }
            Assert.Equal(1000f, c[i * ldc + n]); // stride padding untouched
        }
        // accumulate adds onto C
        Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, accumulate: true);
        Assert.True(Math.Abs(c[0] - 2 * r[0]) <= 1e-3);
    }

    [Fact]
    public void Result_does_not_depend_on_thread_count()
    {
        var rng = new Rng(2);
        int m = 130, n = 300, k = 700;
        var a = new float[m * k];
        var b = new float[k * n];
        for (var i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1, 1);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        var saved = Sgemm.MaxThreads;
        try
        {
            Sgemm.MaxThreads = 1;
            Sgemm.Multiply(false, false, m, n, k, a, k, b, n, c1, n);
            Sgemm.MaxThreads = 4;
            Sgemm.Multiply(false, false, m, n, k, a, k, b, n, c2, n);
        }
        finally
        {
            Sgemm.MaxThreads = saved;
        }
        Assert.Equal(c1, c2);
    }

    [Theory]
    [InlineData(false, false, 1, 700, 300)]
    [InlineData(true, false, 301, 37, 250)]
    [InlineData(false, true, 97, 515, 257)]
    [InlineData(true, true, 200, 200, 513)]
    public void Result_does_not_depend_on_thread_count_for_transposes_edges_and_accumulate(bool ta, bool tb, int m, int n, int k)
    {
        var rng = new Rng(3);
        var a = new float[m * k];
        var b = new float[k * n];
        var c0 = new float[m * n];
        for (var i = 0; i < a.Length; i++) a[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < b.Length; i++) b[i] = rng.Uniform(-1, 1);
        for (var i = 0; i < c0.Length; i++) c0[i] = rng.Uniform(-1, 1);
        int lda = ta ? m : k, ldb = tb ? k : n;
        var c1 = (float[])c0.Clone();
        var c2 = (float[])c0.Clone();
        var saved = Sgemm.MaxThreads;
        try
        {
            Sgemm.MaxThreads = 1;
            Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c1, n, accumulate: true);
            Sgemm.MaxThreads = 4;
            Sgemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, c2, n, accumulate: true);
        }
        finally
        {
            Sgemm.MaxThreads = saved;
        }
        Assert.Equal(c1, c2);
        // Independent check of one element against a double-precision dot product.
        int ri = m / 2, cj = n - 1;
        double exact = c0[ri * n + cj];
        for (var p = 0; p < k; p++)
        {
            exact += (double)(ta ? a[p * lda + ri] : a[ri * lda + p]) * (tb ? b[cj * ldb + p] : b[p * ldb + cj]);
        }
        Assert.True(Math.Abs(c2[ri * n + cj] - exact) <= 1e-3, $"{c2[ri * n + cj]} vs {exact}");
    }

    [Fact]
    public void Rejects_operands_too_small_for_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sgemm.Multiply(false, false, 4, 4, 4, new float[15], 4, new float[16], 4, new float[16], 4));
        Assert.Contains("operand A", ex.Message);
    }
}
