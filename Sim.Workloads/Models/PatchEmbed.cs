namespace Sim.Workloads.Models;

/// <summary>
/// ViT stem: a Patch x Patch convolution with stride Patch (with bias) from C x ImageSize x ImageSize to
/// (ImageSize/Patch)^2 tokens of <see cref="Dim"/>, then an optional learnable class token prepended and an
/// optional learnable position embedding added (timm's patch_embed + cls_token + pos_embed). Output: T x Dim.
/// The image size is part of the layer because the position embedding's length depends on it.
/// </summary>
public sealed record PatchEmbed(string Name, string Input, int InChannels, int Dim, int Patch, int ImageSize, bool ClassToken = true, bool PositionEmbedding = true)
    : Layer(Name, [Input])
{
    public override string Kind => "patchembed";

    public override void Validate()
    {
        Require(InChannels >= 1 && Dim >= 1 && Patch >= 1, "expects channels, dim and patch >= 1");
        Require(ImageSize >= Patch && ImageSize % Patch == 0, $"expects an image size divisible by the patch {Patch}, got {ImageSize}");
    }

    /// <summary>Number of patches: (ImageSize / Patch)^2.</summary>
    public int Patches => ImageSize / Patch * (ImageSize / Patch);

    /// <summary>Tokens out: patches plus the class token.</summary>
    public int Tokens => Patches + (ClassToken ? 1 : 0);

    public override TensorShape InferShape(IReadOnlyList<TensorShape> inputs)
    {
        var x = ExpectRank(inputs, 3, "C x H x W");
        Require(x.Channels == InChannels && x.Height == ImageSize && x.Width == ImageSize, $"expects {InChannels}x{ImageSize}x{ImageSize}, got shape {x}");
        return new TensorShape(Tokens, Dim);
    }

    public override IReadOnlyList<ParameterSpec> Parameters
    {
        get
        {
            var list = new List<ParameterSpec>
            {
                new("proj.weight", new TensorShape(Dim, InChannels, Patch, Patch), IsPrunable: true),
                new("proj.bias", new TensorShape(Dim)),
            };
            if (ClassToken)
            {
                list.Add(new("cls_token", new TensorShape(1, Dim)));
            }
            if (PositionEmbedding)
            {
                list.Add(new("pos_embed", new TensorShape(Tokens, Dim)));
            }
            return list;
        }
    }

    public override long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output) => (long)Patches * Dim * InChannels * Patch * Patch;
}
