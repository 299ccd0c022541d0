namespace Sim.Training.Data;

/// <summary>Where data sets live: the --data-dir flag, else $SATSIM_DATA, else ~/.cache/satsim/data.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "SATSIM_DATA";

    public static string Resolve(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return Path.GetFullPath(flag);
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(env);
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache", "satsim", "data");
    }
}
