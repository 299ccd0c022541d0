using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>Permutes the sample axes (the batch stays first): output axis i is input sample axis perm[i]; backward applies the inverse.</summary>
public sealed class Transpose : Layer
{
    private readonly int[] _perm;
    private readonly int[] _inverse;
    private Tensor? _y, _dx;

    public Transpose(int[] samplePerm)
    {
        _perm = samplePerm;
        _inverse = new int[samplePerm.Length];
        for (var i = 0; i < samplePerm.Length; i++)
        {
            _inverse[samplePerm[i]] = i;
        }
    }

    public override Tensor Forward(Tensor x, RunContext ctx) => Permute(ref _y, x, _perm);

    public override Tensor Backward(Tensor dy, RunContext ctx) => Permute(ref _dx, dy, _inverse);

    private static Tensor Permute(ref Tensor? cache, Tensor src, int[] perm)
    {
        var rank = perm.Length;
        var inDims = src.Shape.Skip(1).ToArray();
        var outDims = perm.Select(p => inDims[p]).ToArray();
        var dst = Tensor.Ensure(ref cache, [src[0], .. outDims]);
        var inStrides = new int[rank];
        for (int i = rank - 1, s = 1; i >= 0; s *= inDims[i], i--)
        {
            inStrides[i] = s;
        }
        var sample = src.Length / src[0];
        var index = new int[rank];
        for (var n = 0; n < src[0]; n++)
        {
            var sd = src.Span.Slice(n * sample, sample);
            var dd = dst.Span.Slice(n * sample, sample);
            Array.Clear(index);
            for (var o = 0; o < sample; o++)
            {
                var from = 0;
                for (var a = 0; a < rank; a++)
                {
                    from += index[a] * inStrides[perm[a]];
                }
                dd[o] = sd[from];
                for (var a = rank - 1; a >= 0; a--)
                {
                    if (++index[a] < outDims[a])
                    {
                        break;
                    }
                    index[a] = 0;
                }
            }
        }
        return dst;
    }
}
