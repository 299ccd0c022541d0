namespace Sim.Training.Engine;

/// <summary>Metrics of one epoch: mean training loss and accuracy, test loss and accuracy, wall time.</summary>
public sealed record EpochResult(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double Seconds, int SkippedSteps);
