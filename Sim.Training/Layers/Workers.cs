using System.Runtime.CompilerServices;
using Sim.Training.Gemm;

namespace Sim.Training.Layers;

/// <summary>
/// The layers' one way of spreading independent tasks over threads: tasks 0..count-1 taken one at a time from a
/// shared counter (so a thread the OS descheduled holds nobody back), on up to the given number of threads. Tasks
/// write disjoint outputs, so the order they run in never shows in the results.
/// </summary>
internal static class Workers
{
    /// <summary>Threads for a pass over <paramref name="floats"/> values of memory-bound work: two or more only when it pays for their start.</summary>
    public static int ForStreaming(long floats) => floats >= 1 << 16 ? Math.Max(1, Math.Min(Sgemm.MaxThreads, Environment.ProcessorCount)) : 1;

    /// <summary>Runs <paramref name="body"/>(task) for every task.</summary>
    public static void Run(int count, int threads, Action<int> body) => Run(count, threads, (t, _) => body(t));

    /// <summary>Runs <paramref name="body"/>(task, worker) for every task; worker (0..threads-1) indexes per-thread scratch.</summary>
    public static void Run(int count, int threads, Action<int, int> body)
    {
        if (threads <= 1 || count <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                body(i, 0);
            }
            return;
        }
        var next = new StrongBox<int>(-1);
        Parallel.For(0, Math.Min(threads, count), new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next.Value)) < count)
            {
                body(i, worker);
            }
        });
    }
}
