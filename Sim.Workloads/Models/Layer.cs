namespace Sim.Workloads.Models;

/// <summary>
/// One node of a model graph. A layer names the layers it reads (<see cref="Inputs"/>; the model input is
/// called <see cref="ModelGraph.InputName"/>), so residual adds and attention blocks are plain graph edges.
/// Layers are immutable records: the functional engine builds its numerics from them and the workload
/// compiler lowers them, so both agree on shapes, parameters and multiply-accumulates.
/// </summary>
public abstract record Layer(string Name, IReadOnlyList<string> Inputs)
{
    /// <summary>Short kind name used in reports and traces ("conv2d", "linear", ...).</summary>
    public abstract string Kind { get; }

    /// <summary>Output shape (per sample) from the input shapes; throws <see cref="ModelException"/> on a mismatch.</summary>
    public abstract TensorShape InferShape(IReadOnlyList<TensorShape> inputs);

    /// <summary>Trainable tensors of this layer (empty for parameter-free layers).</summary>
    public virtual IReadOnlyList<ParameterSpec> Parameters => [];

    /// <summary>Total trainable parameters.</summary>
    public long ParameterCount => Parameters.Sum(p => p.Elements);

    /// <summary>
    /// Forward multiply-accumulates per sample, counted as torchvision and timm report them: convolutions,
    /// linear layers and the attention matmuls only; normalization, activations and pooling count zero.
    /// </summary>
    public virtual long ForwardMacs(IReadOnlyList<TensorShape> inputs, TensorShape output) => 0;

    /// <summary>Checks hyper-parameters; throws <see cref="ModelException"/> naming the layer.</summary>
    public virtual void Validate()
    {
    }

    /// <summary>Throws unless exactly <paramref name="count"/> inputs are given.</summary>
    protected void ExpectInputs(IReadOnlyList<TensorShape> inputs, int count)
    {
        if (inputs.Count != count)
        {
            throw Error($"expects {count} input(s), got {inputs.Count}");
        }
    }

    /// <summary>Throws unless the single input has the given rank.</summary>
    protected TensorShape ExpectRank(IReadOnlyList<TensorShape> inputs, int rank, string form)
    {
        ExpectInputs(inputs, 1);
        var s = inputs[0];
        if (s.Rank != rank)
        {
            throw Error($"expects a {form} input, got {s}");
        }
        return s;
    }

    protected void Require(bool condition, string expected)
    {
        if (!condition)
        {
            throw Error(expected);
        }
    }

    protected ModelException Error(string message) => new($"layer '{Name}' ({Kind}): {message}");

    /// <summary>Output size of a sliding window: floor((size + 2 pad - kernel) / stride) + 1.</summary>
    protected int Window(int size, int kernel, int stride, int padding, string what)
    {
        var span = size + 2 * padding - kernel;
        if (span < 0)
        {
            throw Error($"{what} {size} with padding {padding} is smaller than the kernel {kernel}");
        }
        return span / stride + 1;
    }
}
