using Sim.Onnx;
using Sim.Training.Engine;
using Sim.Workloads.Models;

namespace Sim.Studies.Models;

/// <summary>
/// Binds the model of a functional-training run: a zoo name is checked against the zoo; an .onnx path is imported
/// and its graph and weights become the run's (a bad file is an <see cref="OnnxImportException"/>, an input error);
/// <see cref="TrainingOptions.SparseLayers"/> must name layers of that model. Other problems are
/// <see cref="ArgumentException"/>s naming the option, which a front end reports as usage errors.
/// </summary>
public static class TrainingModels
{
    /// <summary>The options with the model bound, and the imported file (null for a zoo model).</summary>
    public static (TrainingOptions Options, ImportedModel? Imported) Bind(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ImportedModel? imported = null;
        var onnx = ModelResolver.IsFile(options.Model);
        if (!onnx && !ModelZoo.Names.Contains(options.Model))
        {
            throw new ArgumentException($"model: unknown '{options.Model}'; expected one of {string.Join(", ", ModelZoo.Names)} or the path of an .onnx file");
        }
        if (onnx)
        {
            imported = ModelResolver.Import(options.Model);
            options = options with { Graph = imported.Graph, InitialValues = imported.InitialValues };
        }
        if (options.SparseLayers is { } names)
        {
            var known = ModelResolver.Graph(options.Model).Layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            var unknown = names.FirstOrDefault(n => !known.Contains(n));
            if (unknown is not null)
            {
                throw new ArgumentException($"sparse-layers: model {options.Model} has no layer '{unknown}'");
            }
        }
        return (options, imported);
    }
}
