namespace Sim.Training.Data;

/// <summary>
/// A learnable synthetic token-classification set for models that take token ids (imported encoders): the
/// vocabulary is split into one band per class, and each sequence draws three quarters of its tokens from its
/// class's band and the rest uniformly, so the class is only visible by aggregating over positions. Ids are
/// stored as the data set's bytes with mean 0 and std 1/255, so the batch sampler hands the model the exact ids.
/// </summary>
public static class SyntheticTokens
{
    public static Dataset Create(string name, int count, int tokens, int vocabulary, int classes, ulong seed)
    {
        if (vocabulary < classes || vocabulary > 256 || tokens < 1 || classes < 2)
        {
            throw new ArgumentException($"synthetic tokens: expected 2 <= classes <= vocabulary <= 256 and tokens >= 1, got {classes} classes, vocabulary {vocabulary}, {tokens} tokens");
        }
        var rng = new Tensors.Rng(seed);
        var band = vocabulary / classes;
        var ids = new byte[count * tokens];
        var labels = new int[count];
        for (var s = 0; s < count; s++)
        {
            var label = rng.NextInt(classes);
            labels[s] = label;
            for (var t = 0; t < tokens; t++)
            {
                ids[s * tokens + t] = (byte)(rng.NextInt(4) < 3 ? label * band + rng.NextInt(band) : rng.NextInt(vocabulary));
            }
        }
        return new Dataset(name, ids, labels, 1, 1, tokens, classes, [0f], [1f / 255f]);
    }
}
