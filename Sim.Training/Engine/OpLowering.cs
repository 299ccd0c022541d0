using Sim.Workloads.Lowering;
using Sim.Workloads.Models;
using RunContext = Sim.Training.Layers.RunContext;

namespace Sim.Training.Engine;

/// <summary>
/// The one place the functional engine's recorded operations come from: the workload compiler's own per-layer
/// lowering (<see cref="IterationLowering.Forward"/>, <see cref="IterationLowering.Backward"/>,
/// <see cref="IterationLowering.Update"/>) of the model-graph layer the engine just ran, for the batch that
/// actually ran, with the same <see cref="SparsityPlan"/> that chose the engine's N:M masks. So an iteration's
/// recorded stream equals the compiler's lowering of that iteration, field by field and in order, and the timing
/// simulator costs the hardware's form of each computation (e.g. conv BP as a transposed convolution with the
/// reduction over Cout, N:M-sparse along Cout) even where the engine's numerics take another route to the same
/// result (im2col/col2im over image chunks).
/// </summary>
public sealed class OpLowering
{
    /// <param name="model">The model the engine was built from.</param>
    /// <param name="options">Method, N:M pattern, first-layer and layer restrictions (batch and bytes are taken per call).</param>
    public OpLowering(ModelGraph model, LoweringOptions options)
    {
        Model = model;
        Options = options.EnsureValid();
        Plan = new SparsityPlan(model, options);
    }

    public ModelGraph Model { get; }

    public LoweringOptions Options { get; }

    /// <summary>Per weight and stage: dense or N:M (shared with the engine's sparsity controller).</summary>
    public SparsityPlan Plan { get; }

    /// <summary>Records the forward operations of <paramref name="layer"/> for <paramref name="batch"/> samples (nothing without a recorder).</summary>
    public void RecordForward(RunContext ctx, Layer layer, int batch)
    {
        if (ctx.Recorder is { } recorder)
        {
            var previous = ctx.Profile?.Enter(TrainingPhase.Recording);
            Record(recorder, Lowered(ctx, layer, 0, batch));
            Restore(ctx, previous);
        }
    }

    /// <summary>Records the gradient accumulation, BP and WG operations of <paramref name="layer"/> for <paramref name="batch"/> samples.</summary>
    public void RecordBackward(RunContext ctx, Layer layer, int batch)
    {
        if (ctx.Recorder is { } recorder)
        {
            var previous = ctx.Profile?.Enter(TrainingPhase.Recording);
            Record(recorder, Lowered(ctx, layer, 1, batch));
            Restore(ctx, previous);
        }
    }

    /// <summary>Records the weight update of every layer, each followed by the N:M generation of its next sparse weights.</summary>
    public void RecordUpdate(RunContext ctx)
    {
        if (ctx.Recorder is not { } recorder)
        {
            return;
        }
        var previous = ctx.Profile?.Enter(TrainingPhase.Recording);
        foreach (var layer in Model.Layers)
        {
            Record(recorder, Lowered(ctx, layer, 2, 1));
        }
        Restore(ctx, previous);
    }

    /// <summary>
    /// The compiler's lowering of <paramref name="layer"/> (part 0 forward, 1 backward, 2 update), computed once per
    /// (layer, part, batch, operand and master bytes) and then handed out again: the lowering is a pure function of
    /// these (model, options and plan are fixed), so an unchanged iteration records the very same operation objects
    /// without lowering anything.
    /// </summary>
    private LayerOp[] Lowered(RunContext ctx, Layer layer, int part, int batch)
    {
        var key = new MemoKey(layer, part, batch, ctx.OperandBytes, ctx.MasterBytes);
        if (!_memo.TryGetValue(key, out var ops))
        {
            var o = For(ctx, batch);
            ops = (part switch
            {
                0 => IterationLowering.Forward(Model, layer, o, Plan),
                1 => IterationLowering.Backward(Model, layer, o, Plan),
                _ => IterationLowering.Update(layer, o, Plan),
            }).ToArray();
            _memo[key] = ops;
        }
        return ops;
    }

    private readonly Dictionary<MemoKey, LayerOp[]> _memo = new(new MemoKeyComparer());

    private readonly record struct MemoKey(Layer Layer, int Part, int Batch, int OperandBytes, int MasterBytes);

    /// <summary>Layers by identity (a model-graph layer is one object), the rest by value.</summary>
    private sealed class MemoKeyComparer : IEqualityComparer<MemoKey>
    {
        public bool Equals(MemoKey a, MemoKey b) => ReferenceEquals(a.Layer, b.Layer) && a.Part == b.Part && a.Batch == b.Batch
            && a.OperandBytes == b.OperandBytes && a.MasterBytes == b.MasterBytes;

        public int GetHashCode(MemoKey k) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Layer), k.Part, k.Batch, k.OperandBytes, k.MasterBytes);
    }

    private static void Restore(RunContext ctx, TrainingPhase? previous)
    {
        if (previous is { } p)
        {
            ctx.Profile!.Enter(p);
        }
    }

    private LoweringOptions For(RunContext ctx, int batch) => Options with { Batch = batch, OperandBytes = ctx.OperandBytes, MasterBytes = ctx.MasterBytes };

    private static void Record(IOpRecorder recorder, LayerOp[] ops)
    {
        foreach (var op in ops)
        {
            recorder.Record(op);
        }
    }
}
