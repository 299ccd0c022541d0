using Sim.Training.Tensors;

namespace Sim.Training.Layers;

/// <summary>
/// A differentiable layer. Forward keeps what backward needs; backward accumulates parameter gradients
/// and returns the input gradient. Output tensors are owned by the layer and reused across iterations,
/// so callers must not keep them past the next forward.
/// </summary>
public abstract class Layer
{
    /// <summary>Hierarchical name ("layer1.0.conv1"); set by the model builder.</summary>
    public string Name { get; set; } = "";

    public abstract Tensor Forward(Tensor x, RunContext ctx);

    public abstract Tensor Backward(Tensor dy, RunContext ctx);

    /// <summary>This layer's own parameters (not those of children).</summary>
    public virtual IEnumerable<Parameter> OwnParameters() => [];

    public virtual IEnumerable<Layer> Children() => [];

    /// <summary>This layer and all descendants, depth first, in execution order.</summary>
    public IEnumerable<Layer> Walk()
    {
        yield return this;
        foreach (var child in Children())
        {
            foreach (var l in child.Walk())
            {
                yield return l;
            }
        }
    }

    public IEnumerable<Parameter> Parameters() => Walk().SelectMany(l => l.OwnParameters());

    /// <summary>Names children "parent.child" and parameters "layer.weight".</summary>
    public void AssignNames(string name)
    {
        Name = name;
        var i = 0;
        foreach (var child in Children())
        {
            var childName = string.IsNullOrEmpty(child.Name) ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : child.Name;
            child.AssignNames(string.IsNullOrEmpty(name) ? childName : name + "." + childName);
            i++;
        }
        foreach (var p in OwnParameters())
        {
            var local = p.Name.Contains('.') ? p.Name[(p.Name.LastIndexOf('.') + 1)..] : p.Name;
            p.Name = string.IsNullOrEmpty(name) ? local : name + "." + local;
        }
    }
}
