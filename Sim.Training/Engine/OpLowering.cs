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
            Record(recorder, IterationLowering.Forward(Model, layer, For(ctx, batch), Plan));
            Restore(ctx, previous);
        }
    }

    /// <summary>Records the gradient accumulation, BP and WG operations of <paramref name="layer"/> for <paramref name="batch"/> samples.</summary>
    public void RecordBackward(RunContext ctx, Layer layer, int batch)
    {
        if (ctx.Recorder is { } recorder)
        {
            var previous = ctx.Profile?.Enter(TrainingPhase.Recording);
            Record(recorder, IterationLowering.Backward(Model, layer, For(ctx, batch), Plan));
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
        var o = For(ctx, 1);
        foreach (var layer in Model.Layers)
        {
            Record(recorder, IterationLowering.Update(layer, o, Plan));
        }
        Restore(ctx, previous);
    }

    private static void Restore(RunContext ctx, TrainingPhase? previous)
    {
        if (previous is { } p)
        {
            ctx.Profile!.Enter(p);
        }
    }

    private LoweringOptions For(RunContext ctx, int batch) => Options with { Batch = batch, OperandBytes = ctx.OperandBytes, MasterBytes = ctx.MasterBytes };

    private static void Record(IOpRecorder recorder, IEnumerable<LayerOp> ops)
    {
        foreach (var op in ops)
        {
            recorder.Record(op);
        }
    }
}
