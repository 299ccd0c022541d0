namespace Sim.Core.Monitoring;

/// <summary>A named running total (bytes moved, MACs issued, stalls): the cheapest statistic a component can keep.</summary>
public sealed class Counter
{
    public Counter(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    public string Name { get; }
    public long Value { get; private set; }

    public void Add(long n = 1) => Value += n;

    public override string ToString() => $"{Name} = {Value}";
}
