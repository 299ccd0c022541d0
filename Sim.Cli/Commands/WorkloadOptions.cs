using System.CommandLine;
using Sim.Studies.Errors;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Cli.Commands;

/// <summary>
/// The flags that pick a model and an iteration (shared by <c>satsim workload</c> and <c>satsim trace</c>),
/// parsed into a model and validated <see cref="LoweringOptions"/>; bad values become one-line usage errors.
/// </summary>
internal sealed class WorkloadOptions
{
    public WorkloadOptions(bool modelRequired = true)
    {
        Model = new("--model") { Description = $"Model name ({string.Join(", ", ModelZoo.Names)}) or the path of an ONNX file (.onnx; its batch dimension is replaced by --batch).", Required = modelRequired };
    }

    public Option<string> Model { get; }
    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 1 };
    public Option<string> Method { get; } = new("--method") { Description = "Training method: dense, srste or bdwp.", DefaultValueFactory = _ => "dense" };
    public Option<string> Nm { get; } = new("--nm") { Description = "N:M pattern of sparse stages, e.g. 2:8.", DefaultValueFactory = _ => "2:8" };
    public Option<int?> Classes { get; } = new("--classes") { Description = "Override the number of classes (e.g. 100 for CIFAR-100)." };
    public Option<int?> ImageSize { get; } = new("--image-size") { Description = "Override the square input size (e.g. 64 for Tiny ImageNet)." };
    public Option<bool> SparseFirstLayer { get; } = new("--sparse-first-layer") { Description = "Allow the first weight layer to be sparse (dense by default)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Batch);
        command.Options.Add(Method);
        command.Options.Add(Nm);
        command.Options.Add(Classes);
        command.Options.Add(ImageSize);
        command.Options.Add(SparseFirstLayer);
    }

    /// <summary>The model and iteration the flags describe; throws <see cref="UsageException"/> naming the bad flag.</summary>
    public (ModelGraph Model, LoweringOptions Options) Resolve(ParseResult parse)
    {
        ModelGraph model;
        if (string.IsNullOrWhiteSpace(parse.GetValue(Model)))
        {
            throw new UsageException("--model is required");
        }
        var name = parse.GetValue(Model)!;
        if (Sim.Studies.Models.ModelResolver.IsFile(name) && (parse.GetValue(Classes) is not null || parse.GetValue(ImageSize) is not null))
        {
            throw new UsageException("--classes and --image-size apply to zoo models; an ONNX file fixes its own input shape and classes");
        }
        try
        {
            // an ONNX file that cannot be imported is an input error (exit 1) with the importer's one-line message
            model = Sim.Studies.Models.ModelResolver.Graph(name, parse.GetValue(Classes), parse.GetValue(ImageSize));
        }
        catch (ModelException e)
        {
            throw new UsageException($"--model: {e.Message}");
        }
        TrainingMethod method;
        NmPattern pattern;
        try
        {
            method = TrainingMethods.Parse(parse.GetValue(Method)!);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--method: {e.Message}");
        }
        try
        {
            pattern = NmPattern.Parse(parse.GetValue(Nm)!);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--nm: {e.Message}");
        }
        var options = new LoweringOptions
        {
            Batch = parse.GetValue(Batch),
            Method = method,
            Pattern = pattern,
            DenseFirstLayer = !parse.GetValue(SparseFirstLayer),
        };
        try
        {
            return (model, options.EnsureValid());
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--{e.Message}");
        }
    }
}
