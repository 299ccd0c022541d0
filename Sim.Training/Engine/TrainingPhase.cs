namespace Sim.Training.Engine;

/// <summary>The parts of a training iteration whose wall time <see cref="PhaseProfile"/> keeps apart.</summary>
public enum TrainingPhase
{
    /// <summary>Assembling the normalized batch (shuffle order, augmentation).</summary>
    Data,
    /// <summary>N:M mask generation and installation of the FP and BP operands from the masters.</summary>
    Masks,
    /// <summary>Forward pass of every layer and the loss.</summary>
    Forward,
    /// <summary>Backward pass: input gradients (BP) and everything else backward does, except the weight gradients.</summary>
    Backward,
    /// <summary>Weight (and bias) gradients of the weight layers (WG).</summary>
    WeightGradient,
    /// <summary>SR-STE decay, loss-scale check and the SGD step.</summary>
    Update,
    /// <summary>Recording the executed operations (the workload compiler's lowering) and handing them to the consumer.</summary>
    Recording,
}
