namespace Sim.Workloads.Models;

/// <summary>
/// ViT/DeiT as timm builds them (pre-norm blocks: x + attn(norm1(x)), x + mlp(norm2(x)) with MLP ratio 4 and
/// GELU, QKV bias, LayerNorm eps 1e-6, class token and learned position embedding, final norm, class-token
/// head). DeiT-Tiny/Small share ViT-Tiny/Small's architecture (DeiT changes the training recipe); the
/// CIFAR ViT is ViT-Tiny's width and depth at patch 4 on 32x32.
/// </summary>
internal static class VisionTransformers
{
    public static ModelGraph Create(string name, int dim, int depth, int heads, int patch, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        var x = b.Add(new PatchEmbed("patch_embed", ModelGraph.InputName, channels, dim, patch, size));
        for (var i = 0; i < depth; i++)
        {
            var p = $"blocks.{i}.";
            b.LayerNorm($"{p}norm1", x);
            b.Add(new MultiHeadSelfAttention($"{p}attn", b.Last, dim, heads));
            x = b.Add(new Add($"{p}add1", x, b.Last));
            b.LayerNorm($"{p}norm2", x);
            b.Linear($"{p}mlp.fc1", b.Last, 4 * dim);
            b.Add(new Gelu($"{p}mlp.gelu", b.Last));
            b.Linear($"{p}mlp.fc2", b.Last, dim);
            x = b.Add(new Add($"{p}add2", x, b.Last));
        }
        b.LayerNorm("norm", x);
        b.Add(new SelectToken("cls", b.Last));
        b.Linear("head", b.Last, classes);
        return b.BuildWithLoss(classes);
    }
}
