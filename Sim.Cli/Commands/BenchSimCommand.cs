using System.CommandLine;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim bench sim --model resnet18 --batch 32 --method bdwp</c>: wall time, kernel events and operations of
/// simulating one training iteration on the default SAT configuration (the hardware model's own speed), as one JSON line.
/// The operation stream is generated lazily by the tiler while the simulator consumes it.
/// </summary>
internal static class BenchSimCommand
{
    public static Command Create()
    {
        var flags = new WorkloadOptions();
        var command = new Command("sim", "Simulate one training iteration of a model (zoo or .onnx file) on the default SAT configuration; report speed.");
        flags.AddTo(command);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var (model, options) = flags.Resolve(parse);
            ctx.WriteJson(Sim.Studies.Bench.SimBench.Run(model, options, ctx.Timer));
            return CliApp.Ok;
        }));
        return command;
    }
}
