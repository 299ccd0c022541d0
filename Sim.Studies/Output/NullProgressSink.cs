namespace Sim.Studies.Output;

/// <summary>A progress sink that shows nothing: for scripts, notebooks and tests that run studies silently.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static readonly NullProgressSink Instance = new();

    private NullProgressSink()
    {
    }

    public void Advance(double amount = 1)
    {
    }

    public void Describe(string text)
    {
    }
}
