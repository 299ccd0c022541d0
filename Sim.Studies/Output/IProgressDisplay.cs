namespace Sim.Studies.Output;

/// <summary>
/// What shows progress of a whole task (the CLI's Spectre.Console bars): runs <c>work</c> with a sink that
/// counts up to <c>total</c>. Lets library code that spans many steps ask for a bar without knowing the console.
/// </summary>
public interface IProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, reporting to a sink that counts up to <paramref name="total"/>.</summary>
    T Run<T>(string description, double total, Func<IProgressSink, T> work);
}
