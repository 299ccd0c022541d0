using Sim.Training.Layers;

namespace Sim.Training.Models;

/// <summary>Copies given starting values (an imported network's weights) into a built network's parameters, checking every size.</summary>
internal static class InitialValues
{
    public static void Apply(Layer network, IReadOnlyDictionary<string, Func<ReadOnlyMemory<float>>> values)
    {
        foreach (var p in network.Parameters())
        {
            if (!values.TryGetValue(p.Name, out var source))
            {
                continue;
            }
            var data = source();
            if (data.Length != p.Value.Length)
            {
                throw new ArgumentException($"parameter '{p.Name}': {data.Length} initial values for a tensor of {p.Value.Length} ({p.Value.ShapeText})");
            }
            data.Span.CopyTo(p.Value.Span);
        }
    }
}
