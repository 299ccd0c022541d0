using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// Mean softmax cross-entropy over a batch of logits [B, C] and integer labels, with its gradient
/// (softmax - onehot) / B, optionally multiplied by a loss scale for mixed-precision training.
/// </summary>
public sealed class SoftmaxCrossEntropy
{
    private Tensor? _grad;

    /// <summary>Returns the mean loss and fills <paramref name="grad"/>; counts correct top-1 predictions.</summary>
    public double Compute(Tensor logits, ReadOnlySpan<int> labels, float lossScale, out Tensor grad, out int correct)
    {
        int b = logits[0], c = logits.Length / logits[0];
        if (labels.Length != b)
        {
            throw new ArgumentException($"{b} logits rows but {labels.Length} labels");
        }
        grad = Tensor.Ensure(ref _grad, b, c);
        double loss = 0;
        correct = 0;
        for (var i = 0; i < b; i++)
        {
            var row = logits.Span.Slice(i * c, c);
            var max = float.NegativeInfinity;
            var arg = 0;
            for (var j = 0; j < c; j++)
            {
                if (row[j] > max)
                {
                    max = row[j];
                    arg = j;
                }
            }
            if (arg == labels[i])
            {
                correct++;
            }
            double sum = 0;
            for (var j = 0; j < c; j++)
            {
                sum += Math.Exp(row[j] - max);
            }
            var label = labels[i];
            if ((uint)label >= (uint)c)
            {
                throw new ArgumentException($"label {label} outside 0..{c - 1}");
            }
            loss += Math.Log(sum) - (row[label] - max);
            var g = grad.Span.Slice(i * c, c);
            for (var j = 0; j < c; j++)
            {
                var pj = Math.Exp(row[j] - max) / sum;
                g[j] = (float)((pj - (j == label ? 1.0 : 0.0)) / b * lossScale);
            }
        }
        return loss / b;
    }
}
