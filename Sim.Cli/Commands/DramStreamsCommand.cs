using System.CommandLine;
using Sim.Cli.Output;
using Sim.Studies.Errors;
using Sim.Studies.Validation;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim dram-streams</c>: writes the DRAM validation streams (<see cref="DramStreams"/>) as DRAMsim3 traces and
/// SatSim's own figures for them, with the bandwidth-latency default and with the DDR4 option, so both simulators
/// can be run on the same requests (tests/golden/dramsim3/README.md).
/// </summary>
internal static class DramStreamsCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Directory for <stream>.trace, satsim-ddr4.csv and satsim-bandwidth.csv.", Required = true };
        var only = new Option<string[]>("--stream") { Description = "Only these streams (default: all). Repeatable.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("dram-streams", "Write the DRAM validation streams as DRAMsim3 traces and SatSim's bandwidth and latency for them.");
        command.Options.Add(outDir);
        command.Options.Add(only);
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var names = parse.GetValue(only) is { Length: > 0 } o ? o : [.. DramStreams.Names];
            foreach (var n in names)
            {
                if (!DramStreams.Names.Contains(n)) throw new UsageException($"--stream: unknown stream '{n}' (expected one of {string.Join(", ", DramStreams.Names)})");
            }
            var dir = parse.GetValue(outDir)!;
            context.PrepareOutput(dir);
            DramStreams.WriteFiles(dir, names);
            context.Say($"{names.Length} streams: traces, satsim-ddr4.csv and satsim-bandwidth.csv in {dir}");
            return CliApp.Ok;
        }));
        return command;
    }
}
