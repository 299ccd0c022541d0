using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// ViT patch embedding (Dosovitskiy et al. 2021): a patch x patch convolution with stride patch projects
/// [B,C,H,W] to [B,T,D] tokens, a learned class token is prepended and learned position embeddings added.
/// The projection is a <see cref="Conv2d"/> child, so N:M sparsity applies to it like any conv.
/// </summary>
public sealed class PatchEmbed : Layer
{
    private Tensor? _y, _dc;
    private int _grid;

    public PatchEmbed(int inChannels, int dim, int patch, int imageSize, Rng rng)
    {
        if (imageSize % patch != 0)
        {
            throw new ArgumentException($"image size {imageSize} is not a multiple of patch {patch}");
        }
        Dim = dim;
        Tokens = (imageSize / patch) * (imageSize / patch) + 1;
        Proj = new Conv2d(inChannels, dim, patch, rng, stride: patch) { Name = "proj" };
        var cls = new Tensor(dim);
        var pos = new Tensor(Tokens, dim);
        for (var i = 0; i < pos.Length; i++)
        {
            pos.Data[i] = (float)(0.02 * rng.Normal());
        }
        for (var i = 0; i < dim; i++)
        {
            cls.Data[i] = (float)(0.02 * rng.Normal());
        }
        ClassToken = new Parameter("cls_token", cls, decay: false);
        Position = new Parameter("pos_embed", pos, decay: false);
    }

    public int Dim { get; }

    /// <summary>Patches + 1 (the class token).</summary>
    public int Tokens { get; }

    public Conv2d Proj { get; }
    public Parameter ClassToken { get; }
    public Parameter Position { get; }

    public override IEnumerable<Layer> Children() => [Proj];

    public override IEnumerable<Parameter> OwnParameters() => [ClassToken, Position];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var c = Proj.Forward(x, ctx);
        int b = c[0], d = Dim;
        _grid = c[2] * c[3];
        if (_grid + 1 != Tokens)
        {
            throw new ArgumentException($"{Name}: input {x.ShapeText} gives {_grid} patches, expected {Tokens - 1}");
        }
        var y = Tensor.Ensure(ref _y, b, Tokens, d);
        var pos = Position.Value.Data;
        for (var i = 0; i < b; i++)
        {
            var baseY = i * Tokens * d;
            for (var j = 0; j < d; j++)
            {
                y.Data[baseY + j] = ClassToken.Value.Data[j] + pos[j];
            }
            for (var j = 0; j < d; j++)
            {
                var src = (i * d + j) * _grid;
                for (var t = 0; t < _grid; t++)
                {
                    y.Data[baseY + (t + 1) * d + j] = c.Data[src + t] + pos[(t + 1) * d + j];
                }
            }
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        int b = dy[0], d = Dim;
        var dc = Tensor.Ensure(ref _dc, b, d, (int)Math.Sqrt(_grid), (int)Math.Sqrt(_grid));
        var dpos = Position.Grad.Data;
        var dcls = ClassToken.Grad.Data;
        for (var i = 0; i < b; i++)
        {
            var baseY = i * Tokens * d;
            for (var q = 0; q < Tokens * d; q++)
            {
                dpos[q] += dy.Data[baseY + q];
            }
            for (var j = 0; j < d; j++)
            {
                dcls[j] += dy.Data[baseY + j];
                var dst = (i * d + j) * _grid;
                for (var t = 0; t < _grid; t++)
                {
                    dc.Data[dst + t] = dy.Data[baseY + (t + 1) * d + j];
                }
            }
        }
        return Proj.Backward(dc, ctx);
    }
}
