using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// y = main(x) + shortcut(x) (shortcut null = identity): the residual add of ResNets and of transformer
/// blocks. The gradient dy flows into both branches and their input gradients add up.
/// </summary>
public sealed class Residual : Layer
{
    private Tensor? _y, _dx;

    public Residual(Layer main, Layer? shortcut = null)
    {
        Main = main;
        Shortcut = shortcut;
        main.Name = string.IsNullOrEmpty(main.Name) ? "main" : main.Name;
        if (shortcut is not null)
        {
            shortcut.Name = string.IsNullOrEmpty(shortcut.Name) ? "shortcut" : shortcut.Name;
        }
    }

    public Layer Main { get; }
    public Layer? Shortcut { get; }

    public override IEnumerable<Layer> Children() => Shortcut is null ? [Main] : [Main, Shortcut];

    public override Tensor Forward(Tensor x, RunContext ctx)
    {
        var m = Main.Forward(x, ctx);
        var s = Shortcut?.Forward(x, ctx) ?? x;
        if (m.Length != s.Length)
        {
            throw new ArgumentException($"{Name}: residual branches differ, {m.ShapeText} vs {s.ShapeText}");
        }
        var y = Tensor.EnsureLike(ref _y, m);
        for (var i = 0; i < y.Length; i++)
        {
            y.Data[i] = m.Data[i] + s.Data[i];
        }
        return y;
    }

    public override Tensor Backward(Tensor dy, RunContext ctx)
    {
        var dm = Main.Backward(dy, ctx);
        var ds = Shortcut?.Backward(dy, ctx) ?? dy;
        var dx = Tensor.EnsureLike(ref _dx, dm);
        for (var i = 0; i < dx.Length; i++)
        {
            dx.Data[i] = dm.Data[i] + ds.Data[i];
        }
        return dx;
    }
}
