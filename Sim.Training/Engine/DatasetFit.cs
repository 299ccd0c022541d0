using Sim.Training.Data;
using Sim.Workloads.Models;

namespace Sim.Training.Engine;

/// <summary>
/// Whether a data set can train a model whose sample shape is fixed (an imported network): the samples must
/// have the model's input shape (or, for a model taking a vector, as many values), and the labels must be
/// among the model's classes. Otherwise one line naming both shapes.
/// </summary>
public static class DatasetFit
{
    public static ModelGraph Check(ModelGraph model, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Check(model, data.Name, new TensorShape(data.Channels, data.Height, data.Width), data.Classes);
    }

    /// <summary>The same check from a data set's sample shape and class count alone (before its files are read).</summary>
    public static ModelGraph Check(ModelGraph model, string dataName, TensorShape sample, int classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        var fits = sample == model.InputShape || (model.InputShape.Rank == 1 && model.InputShape.Elements == sample.Elements);
        if (!fits)
        {
            throw new ArgumentException($"data set '{dataName}' has samples of shape {sample}, but model '{model.Name}' takes {model.InputShape}");
        }
        if (model.Classes > 0 && classes > model.Classes)
        {
            throw new ArgumentException($"data set '{dataName}' has {classes} classes, but model '{model.Name}' outputs {model.Classes} logits");
        }
        return model;
    }
}
