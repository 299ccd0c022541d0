namespace Sim.Fuzz.Tests;

/// <summary>
/// How long each property runs. In CI a fixed number of generated inputs per parser (the whole suite takes well
/// under a minute on two cores); a soak sets <c>SATSIM_FUZZ_SOAK</c> to a number of seconds per property, e.g.
/// <c>SATSIM_FUZZ_SOAK=600 dotnet test tests/Sim.Fuzz.Tests -c Release</c>.
/// </summary>
internal static class FuzzBudget
{
    public const string SoakVariable = "SATSIM_FUZZ_SOAK";

    /// <summary>Seconds per property for a soak, or -1 in CI.</summary>
    public static int SoakSeconds =>
        int.TryParse(Environment.GetEnvironmentVariable(SoakVariable), out var s) && s > 0 ? s : -1;

    /// <summary>Iterations in CI (ignored during a soak, which runs for <see cref="SoakSeconds"/>).</summary>
    public static long Iterations(long ci) => SoakSeconds > 0 ? long.MaxValue : ci;
}
