using System.CommandLine;
using Sim.Studies.Bench;
using Sim.Studies.Errors;

namespace Sim.Cli.Commands;

/// <summary><c>satsim bench kernel throughput|pipeline</c>: the discrete-event kernel's speed and allocation (README compares it with SimSharp).</summary>
internal static class BenchKernelCommand
{
    public static Command Create()
    {
        var kernel = new Command("kernel", "Discrete-event kernel: events per second and bytes allocated per event.");

        var seed = new Option<ulong>("--seed") { Description = "Seed of the SplitMix64 delay streams.", DefaultValueFactory = _ => 1UL };
        var processes = new Option<int>("--processes") { Description = "Number of processes.", DefaultValueFactory = _ => 1000 };
        var timeouts = new Option<int>("--timeouts") { Description = "Timeouts yielded by each process.", DefaultValueFactory = _ => 10_000 };
        var fresh = new Option<bool>("--fresh-events", "--fresh-timeouts") { Description = "Allocate a new event per wait as SimSharp does (sim.Timeout, Store.Get/Put, Resource.Request) instead of the reusable sim.Delay, Store.GetNext/Post and Resource.RequestNext." };
        var throughput = new Command("throughput", "Processes each yielding random timeouts (event-queue bound).");
        throughput.Options.Add(fresh);
        throughput.Options.Add(seed);
        throughput.Options.Add(processes);
        throughput.Options.Add(timeouts);
        throughput.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var p = Positive(parse.GetValue(processes), "--processes");
            var t = Positive(parse.GetValue(timeouts), "--timeouts");
            ctx.WriteJson(KernelWorkloads.RunThroughput(parse.GetValue(seed), p, t, parse.GetValue(fresh)));
            return CliApp.Ok;
        }));

        var pipelineSeed = new Option<ulong>("--seed") { Description = "Seed of the SplitMix64 delay streams.", DefaultValueFactory = _ => 1UL };
        var items = new Option<int>("--items") { Description = "Items pushed through the pipeline.", DefaultValueFactory = _ => 1_000_000 };
        var pipeline = new Command("pipeline", "A 4-stage pipeline through bounded stores and resources.");
        var pipelineFresh = new Option<bool>("--fresh-events", "--fresh-timeouts") { Description = "Allocate a new event per wait as SimSharp does (sim.Timeout, Store.Get/Put, Resource.Request) instead of the reusable sim.Delay, Store.GetNext/Post and Resource.RequestNext." };
        pipeline.Options.Add(pipelineFresh);
        pipeline.Options.Add(pipelineSeed);
        pipeline.Options.Add(items);
        pipeline.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var n = Positive(parse.GetValue(items), "--items");
            ctx.WriteJson(KernelWorkloads.RunPipeline(parse.GetValue(pipelineSeed), n, parse.GetValue(pipelineFresh)));
            return CliApp.Ok;
        }));

        kernel.Subcommands.Add(throughput);
        kernel.Subcommands.Add(pipeline);
        return kernel;
    }

    private static int Positive(int value, string flag) =>
        value > 0 ? value : throw new UsageException($"{flag} must be a positive integer, got {value}.");
}
