using System.Globalization;
using Sim.Studies.Baselines;
using Sim.Studies.Output;
using Sim.Studies.Timing;
using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Reproduction;

/// <summary>
/// Runs the paper's experiments on the simulator: the BDWP speedup table with ideal (MAC-ratio)
/// and simulated speedups and where the time goes, the ablation of each dataflow optimization, the
/// sensitivity to array size, DRAM channels and buffer size, and the comparison with published FPGA
/// trainers. Nothing here is tuned toward the paper's numbers; the report states where the model lands.
/// </summary>
public static class Reproducer
{
    public static string VariantName(string method, NmPattern pattern) =>
        method == "dense" ? "dense" : $"{(method == "srste" ? "SR-STE" : "BDWP")} {pattern}";

    public static ReproductionResult Run(ReproductionPlan plan, HardwareConfig baseHardware, IReadOnlyList<BaselineRecord> baselines, int parallelism, IProgressDisplay? progress, IterationTimer? timer = null)
    {
        var experiments = new List<Experiment>();
        Experiment Exp(string label, HardwareConfig hw, string model, TrainingMethod method, NmPattern pattern)
        {
            var e = new Experiment(hw == baseHardware ? "base" : label, hw, new TimingRequest(model, plan.Batch, method, method == TrainingMethod.Dense ? NmPattern.Dense : pattern));
            experiments.Add(e);
            return e;
        }

        // 1. Speedup table.
        var speedupPlan = new List<(string Model, string Variant, Experiment Dense, Experiment Run)>();
        foreach (var model in plan.Models)
        {
            var dense = Exp("base", baseHardware, model, TrainingMethod.Dense, NmPattern.Dense);
            foreach (var p in new[] { plan.Headline }.Concat(plan.ExtraPatterns))
            {
                speedupPlan.Add((model, VariantName("bdwp", p), dense, Exp("base", baseHardware, model, TrainingMethod.Bdwp, p)));
            }
            speedupPlan.Add((model, VariantName("srste", plan.Headline), dense, Exp("base", baseHardware, model, TrainingMethod.Srste, plan.Headline)));
        }

        // 2. Ablation: each optimization off in turn, then all off.
        var variants = new (string Name, HardwareConfig Hw)[]
        {
            ("all on", baseHardware with { Optimizations = DataflowOptimizations.All }),
            ("interleave mapping off", baseHardware with { Optimizations = DataflowOptimizations.All with { Interleave = false } }),
            ("pre-generation off", baseHardware with { Optimizations = DataflowOptimizations.All with { PreGeneration = false } }),
            ("offline scheduling off", baseHardware with { Optimizations = DataflowOptimizations.All with { OfflineScheduling = false } }),
            ("all off", baseHardware with { Optimizations = DataflowOptimizations.None }),
        };
        var ablationPlan = new List<(string Model, string Variant, Experiment Dense, Experiment Bdwp)>();
        foreach (var model in plan.AblationModels)
        {
            foreach (var (name, hw) in variants)
            {
                ablationPlan.Add((model, name, Exp(name, hw, model, TrainingMethod.Dense, NmPattern.Dense), Exp(name, hw, model, TrainingMethod.Bdwp, plan.Headline)));
            }
        }

        // 3. Sensitivity.
        var sensitivityPlan = new List<(string Axis, string Label, double X, Experiment Dense, Experiment Bdwp)>();
        void Sense(string axis, string label, double x, HardwareConfig hw)
        {
            var name = $"{axis} {label}";
            sensitivityPlan.Add((axis, label, x, Exp(name, hw, plan.SensitivityModel, TrainingMethod.Dense, NmPattern.Dense), Exp(name, hw, plan.SensitivityModel, TrainingMethod.Bdwp, plan.Headline)));
        }
        foreach (var size in plan.ArraySizes)
        {
            Sense("array", $"{size}x{size}", size, baseHardware with { ArrayRows = size, ArrayCols = size });
        }
        foreach (var channels in plan.DramChannels)
        {
            Sense("dram channels", channels.ToString(CultureInfo.InvariantCulture), channels, baseHardware with { Dram = baseHardware.Dram with { Channels = channels } });
        }
        foreach (var scale in plan.BufferScales)
        {
            var scaled = ScaleBuffers(baseHardware, scale);
            var kib = (scaled.Buffers.Input.CapacityBytes + scaled.Buffers.Weight.CapacityBytes + scaled.Buffers.Output.CapacityBytes) / 1024.0;
            Sense("buffers", $"x{scale.ToString(CultureInfo.InvariantCulture)} ({kib.ToString("F0", CultureInfo.InvariantCulture)} KiB)", kib, scaled);
        }

        // 4. Comparison with published trainers: BDWP at the headline pattern on the models matching their workloads.
        var comparisonRuns = plan.ComparisonModels.ToDictionary(m => m, m => Exp("base", baseHardware, m, TrainingMethod.Bdwp, plan.Headline));

        // 5. The three results explained: pre-generation against generation lanes; the sparser pattern against
        // input-buffer bandwidth; the large array against DRAM channels and input-buffer bandwidth.
        HardwareConfig Lanes(int lanes, bool pregen) => baseHardware with
        {
            SparseGen = baseHardware.SparseGen with { Lanes = lanes },
            Optimizations = baseHardware.Optimizations with { PreGeneration = pregen },
        };
        HardwareConfig Banks(HardwareConfig hw, int banks) => hw with { Buffers = hw.Buffers with { Input = hw.Buffers.Input with { Banks = banks, CapacityBytes = hw.Buffers.Input.CapacityBytes / banks * banks } } };
        var pregenPlan = plan.GenLanes.Select(l => (Lanes: l,
            On: Exp($"gen lanes {l} pre-generation on", Lanes(l, true), plan.ExplainModel, TrainingMethod.Bdwp, plan.Headline),
            Off: Exp($"gen lanes {l} pre-generation off", Lanes(l, false), plan.ExplainModel, TrainingMethod.Bdwp, plan.Headline))).ToList();
        var bandwidthPlan = plan.InputBanks.Select(b =>
        {
            var hw = Banks(baseHardware, b);
            var label = $"input banks {b}";
            return (Banks: b, Bytes: hw.Buffers.Input.ReadBytesPerCycle,
                Dense: Exp(label, hw, plan.ExplainModel, TrainingMethod.Dense, NmPattern.Dense),
                Headline: Exp(label, hw, plan.ExplainModel, TrainingMethod.Bdwp, plan.Headline),
                Sparser: Exp(label, hw, plan.ExplainModel, TrainingMethod.Bdwp, plan.SparserPattern));
        }).ToList();
        var wide = baseHardware with { ArrayRows = plan.WideArray, ArrayCols = plan.WideArray };
        var widePlan = new List<(int Channels, int Banks, Experiment Dense, Experiment Bdwp)>();
        foreach (var banks in new[] { baseHardware.Buffers.Input.Banks, 2 * baseHardware.Buffers.Input.Banks })
        {
            foreach (var channels in plan.WideArrayDramChannels)
            {
                var hw = Banks(wide with { Dram = wide.Dram with { Channels = channels } }, banks);
                var label = $"array {plan.WideArray} channels {channels} input banks {banks}";
                widePlan.Add((channels, banks, Exp(label, hw, plan.SensitivityModel, TrainingMethod.Dense, NmPattern.Dense), Exp(label, hw, plan.SensitivityModel, TrainingMethod.Bdwp, plan.Headline)));
            }
        }
        var smallDense = Exp("base", baseHardware, plan.SensitivityModel, TrainingMethod.Dense, NmPattern.Dense);
        var smallBdwp = Exp("base", baseHardware, plan.SensitivityModel, TrainingMethod.Bdwp, plan.Headline);

        var distinct = experiments.Select(e => e.Key).Distinct().Count();
        var outcomes = progress is null
            ? ExperimentRunner.Run(experiments, parallelism, null, timer, plan.Device)
            : progress.Run("reproduce", distinct, sink => ExperimentRunner.Run(experiments, parallelism, sink, timer, plan.Device));
        RunOutcome Out(Experiment e) => outcomes[e.Key];

        var speedups = speedupPlan.Select(s =>
        {
            var dense = Out(s.Dense);
            var run = Out(s.Run);
            var ok = dense.Ok && run.Ok;
            return new SpeedupRow(s.Model, s.Variant,
                ok ? (double)dense.EffectiveMacs / run.EffectiveMacs : null,
                ok ? (double)dense.Cycles / run.Cycles : null, dense, run);
        }).ToList();

        var ablation = new List<AblationRow>();
        foreach (var group in ablationPlan.GroupBy(a => a.Model))
        {
            var allOn = group.First();
            var onBdwp = Out(allOn.Bdwp);
            double? onSpeedup = Out(allOn.Dense).Ok && onBdwp.Ok ? (double)Out(allOn.Dense).Cycles / onBdwp.Cycles : null;
            foreach (var a in group)
            {
                var dense = Out(a.Dense);
                var bdwp = Out(a.Bdwp);
                double? speedup = dense.Ok && bdwp.Ok ? (double)dense.Cycles / bdwp.Cycles : null;
                ablation.Add(new AblationRow(a.Model, a.Variant, dense, bdwp, speedup,
                    bdwp.Ok && onBdwp.Ok ? 1 - bdwp.ImagesPerSecond / onBdwp.ImagesPerSecond : null,
                    speedup is { } s && onSpeedup is { } s0 ? 1 - s / s0 : null));
            }
        }

        var sensitivity = sensitivityPlan.Select(s =>
        {
            var dense = Out(s.Dense);
            var bdwp = Out(s.Bdwp);
            return new SensitivityPoint(s.Axis, s.Label, s.X, dense, bdwp, dense.Ok && bdwp.Ok ? (double)dense.Cycles / bdwp.Cycles : null);
        }).ToList();

        var designs = new List<DesignFigures>();
        var comparison = new List<ComparisonRow>();
        var designByModel = new Dictionary<string, DesignFigures>();
        foreach (var (model, e) in comparisonRuns)
        {
            var r = Out(e);
            if (r.Ok)
            {
                // GOPS/W from the power model on the plan's device where it has one, else from the energy table.
                var d = new DesignFigures($"SatSim {baseHardware.ArrayRows}x{baseHardware.ArrayCols}", e.Request.ToString(), r.EffectiveGops, r.DenseEquivalentGops,
                    r.PowerModelGopsPerWatt ?? r.EffectiveGopsPerWatt, r.PowerModelDenseEquivalentGopsPerWatt ?? r.DenseEquivalentGopsPerWatt);
                designByModel[model] = d;
                designs.Add(d);
            }
        }
        foreach (var baseline in baselines)
        {
            var (model, matched) = MatchModel(baseline.Workload, plan.ComparisonModels);
            if (designByModel.TryGetValue(model, out var design))
            {
                comparison.Add(new ComparisonRow(BaselineComparison.Compare(design, [baseline])[0], model, matched));
            }
        }

        var explanations = new ExplanationResult(
            baseHardware,
            plan.ExplainModel,
            pregenPlan.Select(p => new PregenPoint(p.Lanes, Out(p.On), Out(p.Off))).ToList(),
            plan.SparserPattern,
            bandwidthPlan.Select(b => new BandwidthPoint(b.Banks, b.Bytes, Out(b.Dense), Out(b.Headline), Out(b.Sparser))).ToList(),
            plan.SensitivityModel,
            Out(smallDense),
            Out(smallBdwp),
            widePlan.Select(w => new WideArrayPoint(w.Channels, w.Banks, Out(w.Dense), Out(w.Bdwp))).ToList());
        return new ReproductionResult(plan, Describe(baseHardware), speedups, ablation, sensitivity, comparison, designs, distinct) { Explanations = explanations };
    }

    /// <summary>
    /// The zoo model closest to a baseline's published workload: same family and data set where the zoo has it
    /// (VGG-16 on CIFAR -> vgg16-cifar, ResNet-18 -> resnet18-cifar); otherwise the last comparison model, marked unmatched.
    /// </summary>
    public static (string Model, bool Matched) MatchModel(string workload, IReadOnlyList<string> candidates)
    {
        var w = workload.ToLowerInvariant().Replace("-", "").Replace(" ", "");
        foreach (var c in candidates)
        {
            var family = c.Split('-')[0];
            if (w.StartsWith(family, StringComparison.Ordinal) && (w.Length == family.Length || !char.IsAsciiDigit(w[family.Length])))
            {
                return (c, true);
            }
        }
        return (candidates[^1], false);
    }

    public static HardwareConfig ScaleBuffers(HardwareConfig hw, double scale)
    {
        BufferConfig Scale(BufferConfig b)
        {
            var bytes = (long)Math.Round(b.CapacityBytes * scale / b.Banks) * b.Banks;
            return b with { CapacityBytes = Math.Max(b.Banks, bytes) };
        }
        return hw with { Buffers = hw.Buffers with { Input = Scale(hw.Buffers.Input), Weight = Scale(hw.Buffers.Weight), Output = Scale(hw.Buffers.Output) } };
    }

    public static string Describe(HardwareConfig hw)
    {
        var b = hw.Buffers;
        string K(long bytes) => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KiB";
        var opts = hw.Optimizations;
        return string.Create(CultureInfo.InvariantCulture,
            $"{hw.ArrayRows}x{hw.ArrayCols} PEs at {hw.ClockMHz} MHz; buffers input {K(b.Input.CapacityBytes)}, weight {K(b.Weight.CapacityBytes)}, output {K(b.Output.CapacityBytes)}, index {K(b.Index.CapacityBytes)}; " +
            $"DRAM {hw.Dram.Channels} x {hw.Dram.GBpsPerChannel} GB/s; sparse-gen {hw.SparseGen.Lanes} lanes; vector {hw.Vector.Lanes} lanes; " +
            $"FP{hw.OperandBytes * 8} operands, FP{hw.MasterBytes * 8} master weights; optimizations: interleave {(opts.Interleave ? "on" : "off")}, pre-generation {(opts.PreGeneration ? "on" : "off")}, offline scheduling {(opts.OfflineScheduling ? "on" : "off")}");
    }
}
