namespace Sim.Training.Layers;

/// <summary>
/// Scratch buffers shared by every layer on the calling thread, for temporaries that live only inside one call (the
/// weight gradients' transposed operands). Sharing keeps the training iteration's memory footprint, and so its
/// cache misses, down: the layers run one after another, so one set of buffers serves them all. A buffer must not
/// be used after the call that got it returns; worker threads may read and write it during that call.
/// </summary>
internal static class Scratch
{
    [ThreadStatic]
    private static float[]?[]? _slots;

    /// <summary>Buffer <paramref name="slot"/> (0 or 1; two can be in use at once) of at least <paramref name="floats"/> values, contents undefined.</summary>
    public static float[] Get(int slot, long floats)
    {
        var slots = _slots ??= new float[]?[2];
        var b = slots[slot];
        if (b is null || b.Length < floats)
        {
            b = new float[checked((int)floats)];
            slots[slot] = b;
        }
        return b;
    }
}
