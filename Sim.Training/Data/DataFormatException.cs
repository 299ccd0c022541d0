namespace Sim.Training.Data;

/// <summary>A data file that cannot be used; the message is one line naming the file and the problem.</summary>
public sealed class DataFormatException(string message) : Exception(message);
