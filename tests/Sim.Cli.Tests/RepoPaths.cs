namespace Sim.Cli.Tests;

/// <summary>Locates the repository (the folder holding SatSim.sln) from the test binaries.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SatSim.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("SatSim.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
