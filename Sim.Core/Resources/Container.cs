namespace Sim.Core.Resources;

/// <summary>
/// A continuous quantity between 0 and <see cref="Capacity"/> (buffer bytes, credits, energy): a put
/// waits until the amount fits, a get until the amount is there. Waiting puts and gets are each served
/// strictly first-come-first-served.
/// </summary>
public sealed class Container
{
    private readonly Simulation _sim;
    private readonly Deque<ContainerRequest> _puts = new();
    private readonly Deque<ContainerRequest> _gets = new();

    public Container(Simulation sim, double capacity, double initial = 0, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(sim);
        if (!(capacity > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A container needs a positive capacity.");
        }
        if (!(initial >= 0 && initial <= capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, $"The initial level must be between 0 and the capacity {capacity}.");
        }
        _sim = sim;
        Capacity = capacity;
        Level = initial;
        Name = name ?? "container";
    }

    public string Name { get; }
    public double Capacity { get; }
    public double Level { get; private set; }
    public Simulation Simulation => _sim;

    /// <summary>Adds <paramref name="amount"/>; the event succeeds once it fits.</summary>
    public Event Put(double amount)
    {
        Check(amount);
        var put = new ContainerRequest(this, amount, isPut: true);
        _puts.AddLast(put);
        Settle();
        return put;
    }

    /// <summary>Removes <paramref name="amount"/>; the event succeeds once the level allows it.</summary>
    public Event Get(double amount)
    {
        Check(amount);
        var get = new ContainerRequest(this, amount, isPut: false);
        _gets.AddLast(get);
        Settle();
        return get;
    }

    internal bool Cancel(ContainerRequest request) => (request.IsPut ? _puts : _gets).Remove(request);

    internal string Describe() =>
        $"container '{Name}' (level {Level.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {_puts.Count} puts and {_gets.Count} gets waiting)";

    private void Check(double amount)
    {
        if (!(amount > 0 && amount <= Capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, $"An amount must be positive and at most the capacity {Capacity} of container '{Name}'.");
        }
    }

    private void Settle()
    {
        bool progress;
        do
        {
            progress = false;
            if (_puts.Count > 0 && Level + _puts.PeekFirst().Amount <= Capacity)
            {
                var put = _puts.RemoveFirst();
                Level += put.Amount;
                put.Succeed();
                progress = true;
            }
            if (_gets.Count > 0 && _gets.PeekFirst().Amount <= Level)
            {
                var get = _gets.RemoveFirst();
                Level -= get.Amount;
                get.Succeed();
                progress = true;
            }
        }
        while (progress);
    }
}
