namespace Sim.Workloads.Models;

/// <summary>
/// A model description is inconsistent (unknown input, shape mismatch, bad hyper-parameter) or a zoo name
/// is unknown. The message is one line naming the layer or name and what was expected, fit for the CLI.
/// </summary>
public sealed class ModelException(string message) : Exception(message);
