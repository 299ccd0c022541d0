using Sim.Workloads.Models;

namespace Sim.Onnx;

/// <summary>
/// An ONNX network as SatSim uses it: the model graph that the workload compiler lowers and the functional
/// engine trains (batch-free shapes; the scenario's batch replaces the file's), the file's initial values of
/// every trainable parameter, and where each layer came from in the file.
/// </summary>
/// <param name="Graph">The layers, ending in a softmax cross-entropy loss on the file's output.</param>
/// <param name="InitialValues">Per trainable parameter ("layer.weight"), its values in the engine's layout, decoded on demand (a view of the file's bytes where they are FP32 in that layout: copy them, do not keep the memory past the model).</param>
/// <param name="Operators">Per layer, the ONNX operator(s) it was imported from ("Conv", "MatMul+Add", ...).</param>
/// <param name="Opset">The default-domain opset the file was exported with.</param>
/// <param name="FileBatch">The batch the file's input declares (0 when dynamic); it does not constrain the scenario's.</param>
/// <param name="Path">The file it was read from.</param>
public sealed record ImportedModel(
    ModelGraph Graph,
    IReadOnlyDictionary<string, Func<ReadOnlyMemory<float>>> InitialValues,
    IReadOnlyDictionary<string, string> Operators,
    long Opset,
    long FileBatch,
    string Path)
{
    /// <summary>True when the model's input is token ids (its first layer is an embedding), not images.</summary>
    public bool TakesTokens => Graph.Layers.Any(l => l is Embedding && l.Inputs[0] == ModelGraph.InputName);
}
