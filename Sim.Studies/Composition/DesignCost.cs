using Sim.Components.Cost;

namespace Sim.Studies.Composition;

/// <summary>What a cost model says about one design on its device: resources used and power over the run.</summary>
public sealed record DesignCost(string Device, ResourceReport Resources, PowerReport Power);
