using System.CommandLine;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Training.Data;
using Sim.Training.Engine;
using Sim.Workloads.Lowering;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim bench train</c>: training throughput of the functional engine with its phase breakdown, one JSON
/// line (<see cref="TrainingBenchmark"/>); the defaults are the settings of <c>bench/pytorch_lenet5.py</c>.
/// </summary>
internal static class BenchTrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"Zoo model ({string.Join(", ", Sim.Workloads.Models.ModelZoo.Names)}; not an ONNX file).", DefaultValueFactory = _ => "lenet5" };
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion-mnist, cifar10 or cifar100 (from the data cache; see satsim data fetch).", DefaultValueFactory = _ => "mnist" };
        var method = new Option<string>("--method") { Description = "dense, srste or bdwp.", DefaultValueFactory = _ => "dense" };
        var nm = new Option<string>("--nm") { Description = "N:M pattern of srste/bdwp.", DefaultValueFactory = _ => "2:8" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var trainLimit = new Option<int>("--train-limit") { Description = "Use only the first N training images (0 = all)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads of the engine's kernels.", DefaultValueFactory = _ => 2 };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable}, else ~/.cache/satsim/data)." };
        var command = new Command("train", "Train a zoo model (SGD momentum 0.9, lr 0.02 cosine, FP32) and report training images/s, time per phase and allocations per iteration.");
        foreach (var o in new Option[] { model, dataset, method, nm, epochs, batch, trainLimit, threads, dataDir })
        {
            command.Options.Add(o);
        }
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            TrainingOptions options;
            var ds = parse.GetValue(dataset)!.ToLowerInvariant();
            try
            {
                options = new TrainingOptions
                {
                    Model = parse.GetValue(model)!.ToLowerInvariant(),
                    Method = TrainingMethods.Parse(parse.GetValue(method)!),
                    Pattern = NmPattern.Parse(parse.GetValue(nm)!),
                    Epochs = parse.GetValue(epochs),
                    Batch = parse.GetValue(batch),
                    TrainLimit = parse.GetValue(trainLimit),
                    TestLimit = 1000,
                    Augment = ds.StartsWith("cifar", StringComparison.Ordinal),
                }.EnsureValid();
                if (!Sim.Workloads.Models.ModelZoo.Names.Contains(options.Model))
                {
                    throw new ArgumentException($"model: unknown '{options.Model}'; expected one of {string.Join(", ", Sim.Workloads.Models.ModelZoo.Names)}");
                }
                if (parse.GetValue(threads) < 1)
                {
                    throw new ArgumentException("threads: expected an integer >= 1");
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new Sim.Studies.Errors.UsageException(e.Message);
            }
            var (train, test) = DatasetLoader.Load(ds, DataDirectory.Resolve(parse.GetValue(dataDir)));
            ctx.Out.WriteLine(TrainingBenchmark.Run(options, train, test, parse.GetValue(threads)).ToJson());
            return CliApp.Ok;
        }));
        return command;
    }
}
