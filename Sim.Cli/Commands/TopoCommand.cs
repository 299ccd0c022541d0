using Sim.Studies.Validation;
using System.CommandLine;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Studies.Output;
using Sim.Components.ScaleSim;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim topo</c>: SCALE-Sim v2 compatibility. Reads a SCALE-Sim <c>.cfg</c> and topology CSV (convolution or
/// GEMM form) and writes COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv with SCALE-Sim's
/// column names, so SCALE-Sim users can switch and compare. By default it follows SCALE-Sim's assumptions
/// (folds back to back, no stalls); <c>--satsim</c> runs SatSim's own model (fold overlap, prefetch, the DRAM model).
/// </summary>
internal static class TopoCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "SCALE-Sim v2 configuration file (.cfg).", Required = true };
        var topology = new Option<string?>("--topology") { Description = "Topology CSV (conv or GEMM M,N,K form); default: the cfg's TopologyCsvLoc." };
        var outDir = new Option<string>("--out") { Description = "Directory for the three reports.", Required = true };
        var satsim = new Option<bool>("--satsim") { Description = "Use SatSim's semantics (fold overlap, prefetch, DRAM model) instead of SCALE-Sim's." };
        var command = new Command("topo", "Run a SCALE-Sim v2 configuration and topology; write SCALE-Sim's three CSV reports.");
        command.Options.Add(config);
        command.Options.Add(topology);
        command.Options.Add(outDir);
        command.Options.Add(satsim);
        command.SetAction(parse => CommandRunner.Run(parse, context =>
        {
            var cfgPath = parse.GetValue(config)!;
            var dir = parse.GetValue(outDir)!;
            var own = parse.GetValue(satsim);
            ScaleSimConfig cfg;
            IReadOnlyList<TopologyLayer> layers;
            string topoPath;
            try
            {
                cfg = ScaleSimConfigReader.Read(cfgPath);
                topoPath = parse.GetValue(topology) ?? cfg.TopologyPath
                    ?? throw new UsageException("--topology is required (the configuration has no [network_presets] TopologyCsvLoc)");
                layers = TopologyReader.Read(topoPath);
            }
            catch (ScaleSimFormatException e)
            {
                throw new SatSimInputException(e.File, e.Line, 1, $"{e.Key}: {e.Problem}");
            }
            var warnings = ScaleSimCompatibility.Warnings(cfg, layers, own);
            foreach (var w in warnings) context.Log.Warning("{Warning}", w);
            // Inputs are read and checked: check where the reports go before simulating (a bad input leaves no folder behind).
            TopologyRun.Check(cfg, own);
            context.PrepareOutput(dir);
            var results = context.Progress.Run($"topo {Path.GetFileName(topoPath)}", layers.Count, sink => TopologyRun.Evaluate(cfg, layers, own, sink));
            TopologyRun.WriteReports(dir, results);
            var total = results.Sum(r => r.TotalCycles);
            if (context.Json)
            {
                context.WriteJson(new Dictionary<string, object>
                {
                    ["run_name"] = cfg.RunName,
                    ["semantics"] = own ? "satsim" : "scalesim",
                    ["layers"] = results.Count,
                    ["total_cycles"] = total,
                    ["stall_cycles"] = results.Sum(r => r.StallCycles),
                    ["out"] = dir,
                    ["warnings"] = warnings,
                });
            }
            else
            {
                context.Say($"{results.Count} layers, {total.ToString(CultureInfo.InvariantCulture)} cycles ({(own ? "SatSim" : "SCALE-Sim")} semantics); reports in {dir}");
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
