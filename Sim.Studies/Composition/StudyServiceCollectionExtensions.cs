using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sim.Components.Dram;
using Sim.Mapping.Tiling;
using Sim.Studies.Sweeps.Search;
using Sim.Studies.Timing;

namespace Sim.Studies.Composition;

/// <summary>
/// The composition root of the studies layer: registers its extension points with SAT's implementations,
/// <list type="bullet">
/// <item><see cref="IDramModel"/>: the off-chip memory (<see cref="BuiltInDramModel"/>);</item>
/// <item><see cref="IGemmPlanner"/>: per-GEMM dataflow and tiling (<see cref="OfflineGemmPlanner"/>);</item>
/// <item><see cref="IHardwareCostModel"/>: FPGA resources and power (<see cref="FpgaCostModel"/>);</item>
/// <item><see cref="ISearchStrategy"/>: what a sweep file's <c>search:</c> section selects (<see cref="EvolutionaryStrategy"/>,
/// the one <c>guided</c> names, <see cref="RandomStrategy"/>, <see cref="GridStrategy"/>), by name through
/// <see cref="SearchStrategies"/>; register more with <c>AddSingleton&lt;ISearchStrategy&gt;</c>, one with a
/// built-in's name replaces it;</item>
/// </list>
/// and the services built from them (<see cref="IterationTimer"/>). Every registration is a <c>TryAdd</c>:
/// register a replacement before calling <see cref="AddSatSimStudies"/>, or afterwards with
/// <c>services.Replace(ServiceDescriptor.Singleton&lt;IDramModel&gt;(mine))</c>. <c>satsim</c> builds its
/// services here too, so the CLI and a script time iterations the same way.
/// </summary>
public static class StudyServiceCollectionExtensions
{
    public static IServiceCollection AddSatSimStudies(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDramModel>(BuiltInDramModel.Instance);
        services.TryAddSingleton<IGemmPlanner>(OfflineGemmPlanner.Instance);
        services.TryAddSingleton<IHardwareCostModel, FpgaCostModel>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISearchStrategy, EvolutionaryStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISearchStrategy, RandomStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISearchStrategy, GridStrategy>());
        // Built-ins first, so a user's strategy of the same name replaces one whether registered before or after.
        services.TryAddSingleton(sp => new SearchStrategies(
            sp.GetServices<ISearchStrategy>().OrderBy(s => s is EvolutionaryStrategy or RandomStrategy or GridStrategy ? 0 : 1), "evolutionary"));
        services.TryAddSingleton(sp => new IterationTimer(sp.GetRequiredService<IDramModel>(), sp.GetRequiredService<IGemmPlanner>()));
        return services;
    }

    /// <summary>A provider with SAT's implementations, after <paramref name="configure"/> registered any replacements.</summary>
    public static ServiceProvider BuildSatSimStudies(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        return services.AddSatSimStudies().BuildServiceProvider();
    }
}
