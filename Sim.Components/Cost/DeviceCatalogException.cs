namespace Sim.Components.Cost;

/// <summary>A device catalog file that cannot be read: the message is one line naming file, line and column.</summary>
public sealed class DeviceCatalogException(string message) : Exception(message);
