using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Sim.Core;

/// <summary>
/// Registers a <see cref="Simulation"/> with Microsoft.Extensions.DependencyInjection so that component
/// models resolved from one scope share one simulation (one scope = one run). A Serilog
/// <see cref="Serilog.ILogger"/> registered in the container becomes the simulation's logger.
/// </summary>
public static class SimulationServiceCollectionExtensions
{
    public static IServiceCollection AddSimulation(this IServiceCollection services, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var opts = options ?? new SimulationOptions();
        services.TryAddSingleton(opts);
        services.TryAddScoped(sp =>
        {
            var o = sp.GetRequiredService<SimulationOptions>();
            return new Simulation(o.Seed)
            {
                ThrowOnDeadlock = o.ThrowOnDeadlock,
                Logger = sp.GetService<Serilog.ILogger>(),
            };
        });
        return services;
    }

    public static IServiceCollection AddSimulation(this IServiceCollection services, Func<SimulationOptions, SimulationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddSimulation(configure(new SimulationOptions()));
    }
}
