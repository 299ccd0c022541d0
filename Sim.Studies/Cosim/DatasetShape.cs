using Sim.Studies.Scenarios;
using Sim.Workloads.Models;

namespace Sim.Studies.Cosim;

/// <summary>
/// The input shape and class count a data set imposes on a zoo model (MNIST 1x28x28/10, CIFAR-10 3x32x32/10,
/// CIFAR-100 3x32x32/100), so timing and training build the same network; timing-only and synthetic runs use
/// the model's own defaults.
/// </summary>
public static class DatasetShape
{
    public static (int? Channels, int? ImageSize, int? Classes) Of(string dataset) => dataset switch
    {
        "mnist" or "fashion-mnist" => (1, 28, 10),
        "cifar10" => (3, 32, 10),
        "cifar100" => (3, 32, 100),
        _ => (null, null, null),
    };

    /// <summary>Builds the scenario's model for its data set.</summary>
    public static ModelGraph Model(WorkloadSpec w)
    {
        var (channels, size, classes) = Of(w.Dataset);
        return Models.ModelResolver.Graph(w.Model, classes, size, channels);
    }
}
