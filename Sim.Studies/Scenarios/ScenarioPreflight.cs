using Sim.Mapping;
using Sim.Studies.Cosim;
using Sim.Studies.Errors;
using Sim.Studies.Timing;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Studies.Scenarios;

/// <summary>
/// The checks of a loaded scenario that need its model built, made before any work: an imported model must take the
/// data set's samples (a synthetic data set needs an image or token model), and one
/// iteration of each method, at the full batch, must tile on the buffers (every GEMM has a tiling whose operands fit
/// with double buffering, every element-wise operation fits one element, every N:M generation one group). Nothing is
/// simulated. <c>satsim run</c> and <c>satsim validate</c> both call it, so a scenario validate accepts does not fail
/// later in run for these reasons, and both refuse a bad one with the same line.
/// </summary>
/// <remarks>
/// The full batch suffices: a last, partial batch only shrinks GEMM dimensions, and the smallest tile candidate of a
/// dimension never grows when the dimension shrinks.
/// </remarks>
public static class ScenarioPreflight
{
    /// <summary>Throws one <see cref="SatSimInputException"/> naming the file, the method and the layer that cannot be tiled.</summary>
    public static void Check(Scenario scenario, IterationTimer timer)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(timer);
        var w = scenario.Workload;
        var model = DatasetShape.Model(w);
        if (w.Dataset == "synthetic")
        {
            TrainingRunner.CheckSynthetic(scenario, model);
        }
        else if (Models.ModelResolver.IsFile(w.Model) && DatasetShape.Of(w.Dataset) is ({ } channels, { } size, { } classes))
        {
            try
            {
                Sim.Training.Engine.DatasetFit.Check(model, w.Dataset, new TensorShape(channels, size, size), classes);
            }
            catch (ArgumentException e)
            {
                throw new SatSimInputException(scenario.SourceFile, $"workload.model: {e.Message}");
            }
        }
        var tiler = timer.Tiler(scenario.Hardware);
        foreach (var method in w.Methods)
        {
            var options = HardwareLowering.For(scenario.Hardware, w.Batch, method, w.Nm);
            try
            {
                tiler.Check(IterationLowering.Lower(model, options).ToList());
            }
            catch (InvalidOperationException e)
            {
                throw new SatSimInputException(scenario.SourceFile, $"hardware.buffers: {method.Name()}: {e.Message}");
            }
        }
    }
}
