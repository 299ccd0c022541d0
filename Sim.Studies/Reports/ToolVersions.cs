using System.Reflection;

namespace Sim.Studies.Reports;

/// <summary>The versions that produced a report (so a result can be traced to the code that made it).</summary>
public sealed record ToolVersions(string Satsim, string Dotnet, IReadOnlyDictionary<string, string> Assemblies)
{
    public static ToolVersions Current()
    {
        static string Of(Assembly a) => a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString() ?? "unknown";
        var assemblies = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Sim.Core"] = Of(typeof(Sim.Core.Simulation).Assembly),
            ["Sim.Components"] = Of(typeof(Sim.Components.Config.HardwareConfig).Assembly),
            ["Sim.Workloads"] = Of(typeof(Sim.Workloads.Models.ModelZoo).Assembly),
            ["Sim.Training"] = Of(typeof(Sim.Training.Tensors.Tensor).Assembly),
        };
        return new ToolVersions(Of(typeof(ToolVersions).Assembly), Environment.Version.ToString(), assemblies);
    }
}
