using CsCheck;

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

    /// <summary>
    /// The seed of the CI run. CsCheck's own seed fixes only the first iteration of a sample, so in CI the whole
    /// batch of inputs is drawn as one value from this seed: every run tries the same inputs, and a landing cannot
    /// fail on a draw that no earlier run made. A soak draws fresh inputs each time (a failure prints its seed,
    /// which <c>CsCheck_Seed</c> replays).
    /// </summary>
    public const string CiSeed = "3h9z3FguEow1";

    /// <summary>
    /// Runs <paramref name="assert"/> on <paramref name="ciIterations"/> inputs drawn from <paramref name="gen"/> with
    /// <see cref="CiSeed"/>, or on fresh inputs for <see cref="SoakSeconds"/> during a soak.
    /// </summary>
    public static void Run<T>(Gen<T> gen, Action<T> assert, int ciIterations, int threads = -1)
    {
        if (SoakSeconds > 0)
        {
            gen.Sample(assert, iter: long.MaxValue, time: SoakSeconds, threads: threads);
            return;
        }
        gen.Array[ciIterations].Sample(batch =>
        {
            foreach (var input in batch)
            {
                assert(input);
            }
        }, iter: 1, seed: CiSeed, threads: 1);
    }
}
