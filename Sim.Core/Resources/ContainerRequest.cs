namespace Sim.Core.Resources;

/// <summary>A put to or get from a <see cref="Container"/>; succeeds when the amount has moved.</summary>
internal sealed class ContainerRequest : Event
{
    private readonly Container _container;

    public ContainerRequest(Container container, double amount, bool isPut)
        : base(container.Simulation)
    {
        _container = container;
        Amount = amount;
        IsPut = isPut;
    }

    public double Amount { get; }
    public bool IsPut { get; }

    internal override string DescribeForReport() =>
        $"{(IsPut ? "put" : "get")} of {Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(IsPut ? "to" : "from")} {_container.Describe()}";

    internal override void Abandon()
    {
        if (!IsTriggered)
        {
            _container.Cancel(this);
        }
    }
}
