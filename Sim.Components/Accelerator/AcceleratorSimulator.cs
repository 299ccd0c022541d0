using Sim.Components.Config;
using Sim.Components.Controller;
using Sim.Components.Dram;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.PeArray;
using Sim.Components.Reports;
using Sim.Components.SparseGen;
using Sim.Components.VectorUnit;
using Sim.Core.Resources;

namespace Sim.Components.Accelerator;

/// <summary>
/// The entry point: builds SAT's components as processes on a fresh kernel (controller, read and write DMA engines,
/// DRAM channels, PE array, vector and sparse-generation engines, connected by bounded stores), streams the
/// operations through them and returns the report. Input problems (an operand that does not fit, a dependence on a
/// later operation, a deadlock) raise <see cref="SimulationError"/> with a one-line message.
/// </summary>
public static class AcceleratorSimulator
{
    public static SimulationReport Run(HardwareConfig config, IEnumerable<Operation> operations, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(operations);
        config.EnsureValid();
        options ??= new SimulationOptions();
        if (options.QueueDepth < 1) throw new ArgumentOutOfRangeException(nameof(options), options.QueueDepth, "QueueDepth must be >= 1");

        var model = new AcceleratorModel(config, options);
        var sim = model.Sim;
        var depth = options.QueueDepth;
        var loads = new Store<OpState?>(sim, depth, "load queue");
        var stores = new Store<OpState?>(sim, depth, "store queue");
        var pe = new Store<OpState?>(sim, depth, "PE queue");
        var vector = new Store<OpState?>(sim, depth, "vector queue");
        var sparseGen = new Store<OpState?>(sim, depth, "sparse-gen queue");
        _ = new DmaEngine(model, loads, write: false);
        _ = new DmaEngine(model, stores, write: true);
        _ = new PeArrayUnit(model, pe);
        _ = new VectorEngine(model, vector);
        _ = new SparseGenEngine(model, sparseGen);
        var controller = new ControllerProcess(model, loads, stores, pe, vector, sparseGen);
        sim.Process(controller.Run(operations), "controller");

        try
        {
            sim.Run();
        }
        catch (InvalidOperationException ex)
        {
            throw new SimulationError($"simulation failed at cycle {sim.Now}: {ex.Message}", ex);
        }
        if (model.Error is { } error) throw error;
        if (!model.Finished)
        {
            var report = sim.DeadlockReport();
            var text = report is null ? "no event left to process" : report.ToString().ReplaceLineEndings("; ");
            throw new SimulationError($"deadlock at cycle {sim.Now} with {model.Pending.Count} operations unfinished (first: operation {model.Pending.Keys.Min()}); buffers: {model.DescribeOccupancy()}; {text}");
        }
        return model.BuildReport();
    }
}
