namespace Sim.Components.Reports;

/// <summary>Busy cycles of one component over the whole run (utilization = busy / total cycles).</summary>
public sealed record ComponentStats(string Component, long BusyCycles, double Utilization);
