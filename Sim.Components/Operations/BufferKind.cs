namespace Sim.Components.Operations;

/// <summary>The on-chip buffers of SAT; every load and store names the one it fills or drains.</summary>
public enum BufferKind
{
    /// <summary>Input activations (or output gradients in BP/WG).</summary>
    Input,
    /// <summary>Weights (kept values only, when N:M sparse).</summary>
    Weight,
    /// <summary>Outputs and partial sums.</summary>
    Output,
    /// <summary>N:M in-group index metadata of sparse weights.</summary>
    Index,
}
