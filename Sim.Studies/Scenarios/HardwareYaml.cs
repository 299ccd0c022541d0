using Sim.Components.Config;
using Sim.Components.Operations;
using Sim.Vocabulary.IO;
using Sim.Workloads.Lowering;
using Sim.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// Maps the <c>hardware:</c> section of a scenario (or a stand-alone hardware file for <c>satsim replay</c>)
/// onto <see cref="HardwareConfig"/>. Every key is optional; an absent key keeps SAT's default from
/// <see cref="HardwareConfig"/>. After reading, <see cref="HardwareConfig.Validate"/> runs once and its
/// cross-field problems are reported at the YAML line of the field they name.
/// </summary>
public static class HardwareYaml
{
    public static readonly string[] Keys =
    [
        "clock_mhz", "array", "operand_bytes", "master_bytes", "accumulator_bytes", "buffers", "dram",
        "sparse_gen", "vector", "optimizations", "energy", "device",
    ];

    private static readonly string[] ArrayKeys = ["rows", "cols"];
    private static readonly string[] BufferSetKeys = ["input", "weight", "output", "index"];
    private static readonly string[] BufferKeys = ["capacity", "banks", "read_ports", "write_ports", "bank_width_bytes", "double_buffered"];
    private static readonly string[] DramKeys = ["channels", "gbps_per_channel", "burst_bytes", "latency_ns", "interleave_bytes", "ddr4"];
    private static readonly string[] Ddr4Keys =
    [
        "banks", "bank_groups", "row_bytes", "tck_ns", "trcd_ns", "tcl_ns", "trp_ns", "tras_ns", "tcwl_ns", "tburst_ns",
        "tccd_s_ns", "tccd_l_ns", "trrd_s_ns", "trrd_l_ns", "tfaw_ns", "twtr_s_ns", "twtr_l_ns", "twr_ns", "trtp_ns", "trfc_ns", "trefi_ns",
    ];
    private static readonly string[] SparseGenKeys = ["lanes", "pipeline_latency"];
    private static readonly string[] VectorKeys = ["lanes", "default_cost", "costs"];
    private static readonly string[] CostKeys = ["cycles_per_element", "latency"];
    private static readonly string[] OptimizationKeys = ["interleave", "pre_generation", "offline_scheduling"];

    public static readonly string[] EnergyKeys =
    [
        "dense_mac_pj", "sparse_mac_pj", "buffer_read_pj_per_byte", "buffer_write_pj_per_byte", "dram_pj_per_byte",
        "vector_pj_per_element", "sparse_gen_pj_per_element", "static_power_w",
    ];

    /// <summary>
    /// The inverse of <c>Read</c>: <paramref name="c"/> as a nested mapping with exactly the keys of a
    /// scenario's <c>hardware:</c> section, every key spelled out. <c>report.json</c> writes its hardware section
    /// with it, so that section saved as a file (JSON is YAML) and passed back as a hardware file reproduces the
    /// run. Keys, order and nesting follow <see cref="Keys"/> and the per-block key lists above.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Describe(HardwareConfig c)
    {
        static Dictionary<string, object?> Buffer(BufferConfig b) => new()
        {
            ["capacity"] = b.CapacityBytes,
            ["banks"] = b.Banks,
            ["read_ports"] = b.ReadPorts,
            ["write_ports"] = b.WritePorts,
            ["bank_width_bytes"] = b.BankWidthBytes,
            ["double_buffered"] = b.DoubleBuffered,
        };
        static Dictionary<string, object?> Cost(VectorOpCost v) => new()
        {
            ["cycles_per_element"] = v.CyclesPerElement,
            ["latency"] = v.Latency,
        };
        var t = c.Dram.Ddr4;
        var e = c.Energy;
        var described = new Dictionary<string, object?>
        {
            ["clock_mhz"] = c.ClockMHz,
            ["array"] = new Dictionary<string, object?> { ["rows"] = c.ArrayRows, ["cols"] = c.ArrayCols },
            ["operand_bytes"] = c.OperandBytes,
            ["master_bytes"] = c.MasterBytes,
            ["accumulator_bytes"] = c.AccumulatorBytes,
            ["buffers"] = Enum.GetValues<BufferKind>().ToDictionary(k => k.ToString().ToLowerInvariant(), k => (object?)Buffer(c.Buffers.For(k))),
            ["dram"] = new Dictionary<string, object?>
            {
                ["channels"] = c.Dram.Channels,
                ["gbps_per_channel"] = c.Dram.GBpsPerChannel,
                ["burst_bytes"] = c.Dram.BurstBytes,
                ["latency_ns"] = c.Dram.LatencyNs,
                ["interleave_bytes"] = c.Dram.InterleaveBytes,
                ["ddr4"] = t is null ? null : new Dictionary<string, object?>
                {
                    ["banks"] = t.Banks,
                    ["bank_groups"] = t.BankGroups,
                    ["row_bytes"] = t.RowBytes,
                    ["tck_ns"] = t.TCkNs,
                    ["trcd_ns"] = t.TRcdNs,
                    ["tcl_ns"] = t.TClNs,
                    ["trp_ns"] = t.TRpNs,
                    ["tras_ns"] = t.TRasNs,
                    ["tcwl_ns"] = t.TCwlNs,
                    ["tburst_ns"] = t.TBurstNs,
                    ["tccd_s_ns"] = t.TCcdSNs,
                    ["tccd_l_ns"] = t.TCcdLNs,
                    ["trrd_s_ns"] = t.TRrdSNs,
                    ["trrd_l_ns"] = t.TRrdLNs,
                    ["tfaw_ns"] = t.TFawNs,
                    ["twtr_s_ns"] = t.TWtrSNs,
                    ["twtr_l_ns"] = t.TWtrLNs,
                    ["twr_ns"] = t.TWrNs,
                    ["trtp_ns"] = t.TRtpNs,
                    ["trfc_ns"] = t.TRfcNs,
                    ["trefi_ns"] = t.TRefiNs,
                },
            },
            ["sparse_gen"] = new Dictionary<string, object?> { ["lanes"] = c.SparseGen.Lanes, ["pipeline_latency"] = c.SparseGen.PipelineLatency },
            ["vector"] = new Dictionary<string, object?>
            {
                ["lanes"] = c.Vector.Lanes,
                ["default_cost"] = Cost(c.Vector.DefaultCost),
                ["costs"] = new SortedDictionary<string, object?>(c.Vector.Costs.ToDictionary(p => p.Key, p => (object?)Cost(p.Value)), StringComparer.Ordinal),
            },
            ["optimizations"] = new Dictionary<string, object?>
            {
                ["interleave"] = c.Optimizations.Interleave,
                ["pre_generation"] = c.Optimizations.PreGeneration,
                ["offline_scheduling"] = c.Optimizations.OfflineScheduling,
            },
            ["energy"] = new Dictionary<string, object?>
            {
                ["dense_mac_pj"] = e.DenseMacPj,
                ["sparse_mac_pj"] = e.SparseMacPj,
                ["buffer_read_pj_per_byte"] = e.BufferReadPjPerByte,
                ["buffer_write_pj_per_byte"] = e.BufferWritePjPerByte,
                ["dram_pj_per_byte"] = e.DramPjPerByte,
                ["vector_pj_per_element"] = e.VectorPjPerElement,
                ["sparse_gen_pj_per_element"] = e.SparseGenPjPerElement,
                ["static_power_w"] = e.StaticPowerW,
            },
        };
        if (c.Device is not null)
        {
            described["device"] = c.Device; // absent means no device (the flat energy table prices the run)
        }
        return described;
    }

    /// <summary>
    /// Loads a stand-alone hardware file: either a mapping with a top-level <c>hardware:</c> key (a scenario's
    /// hardware section, other keys ignored) or the hardware mapping itself.
    /// </summary>
    public static HardwareConfig LoadFile(string path) => LoadFile(path, []);

    /// <summary>
    /// Loads a hardware file reached through <paramref name="chain"/> (the files that named it, outermost first):
    /// a file that names itself or an earlier file of the chain is a cycle, reported with the chain; more than
    /// <see cref="YamlLimits.MaxIncludeDepth"/> nested files are refused.
    /// </summary>
    private static HardwareConfig LoadFile(string path, IReadOnlyList<string> chain)
    {
        if (Directory.Exists(path) || !File.Exists(path))
        {
            throw new Errors.SatSimInputException(path, "file not found; expected a hardware YAML file (see scenarios/*.yaml, section 'hardware')");
        }
        var full = Path.GetFullPath(path);
        if (chain.Contains(full, StringComparer.Ordinal))
        {
            throw new Errors.SatSimInputException(path, $"hardware files include each other in a cycle: {string.Join(" -> ", chain.Append(full).Select(Path.GetFileName))}");
        }
        if (chain.Count >= YamlLimits.MaxIncludeDepth)
        {
            throw new Errors.SatSimInputException(path, $"hardware files nest deeper than {YamlLimits.MaxIncludeDepth}: {string.Join(" -> ", chain.Append(full).Select(Path.GetFileName))}");
        }
        var errors = new YamlErrorCollector(path);
        var root = errors.ParseRoot(YamlErrorCollector.ReadText(path, "a hardware file"));
        var node = root is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("hardware"), out var inner) ? inner : root;
        var config = Read(errors, node, "hardware", Path.GetDirectoryName(full) ?? ".", [.. chain, full]);
        errors.ThrowIfAny();
        return config;
    }

    /// <summary>
    /// Reads a hardware node: an inline mapping, or a string naming a hardware file relative to
    /// <paramref name="baseDirectory"/>. Errors go to <paramref name="errors"/>.
    /// </summary>
    public static HardwareConfig Read(YamlErrorCollector errors, YamlNode node, string path, string baseDirectory) =>
        Read(errors, node, path, baseDirectory, [Path.GetFullPath(errors.File)]);

    private static HardwareConfig Read(YamlErrorCollector errors, YamlNode node, string path, string baseDirectory, IReadOnlyList<string> chain)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } file } && !YamlSection.IsNull(node))
        {
            var full = Path.Combine(baseDirectory, file);
            if (Directory.Exists(full) || !File.Exists(full))
            {
                errors.Add(node, $"{path}: file {TextExcerpt.Quote(file)} not found (relative to {baseDirectory}); expected a hardware YAML file or an inline mapping");
                return HardwareConfig.Sat;
            }
            try
            {
                return LoadFile(full, chain);
            }
            catch (Errors.SatSimInputException e)
            {
                // Nested files report their own problems: keep the outermost location and the innermost message.
                foreach (var inner in e.Errors)
                {
                    errors.Add(node, $"{path}: in {TextExcerpt.Quote(file)}: {inner}");
                }
                return HardwareConfig.Sat;
            }
        }
        var section = errors.Section(node, path, Keys);
        if (section is null)
        {
            return HardwareConfig.Sat;
        }
        var marks = new Dictionary<string, (string YamlPath, Mark Mark)>(StringComparer.Ordinal);
        void Note(YamlSection s, string key, string field) => marks[field] = (s.FieldName(key), s.MarkOf(key));

        var d = HardwareConfig.Sat;
        var config = d with
        {
            ClockMHz = section.Double("clock_mhz", d.ClockMHz, 1, 10_000),
            OperandBytes = section.Int("operand_bytes", d.OperandBytes, 1, 16),
            MasterBytes = section.Int("master_bytes", d.MasterBytes, 1, 16),
            AccumulatorBytes = section.Int("accumulator_bytes", d.AccumulatorBytes, 1, 16),
            Device = section.String("device", null),
        };
        Note(section, "device", "Device");
        Note(section, "clock_mhz", "ClockMHz");

        if (section.Section("array", ArrayKeys) is { } array)
        {
            config = config with
            {
                ArrayRows = array.Int("rows", d.ArrayRows, 1, 4096),
                ArrayCols = array.Int("cols", d.ArrayCols, 1, 4096),
            };
        }

        if (section.Section("buffers", BufferSetKeys) is { } buffers)
        {
            var set = d.Buffers;
            foreach (var kind in Enum.GetValues<BufferKind>())
            {
                var key = kind.ToString().ToLowerInvariant();
                if (buffers.Section(key, BufferKeys) is not { } b)
                {
                    continue;
                }
                var old = set.For(kind);
                var field = $"Buffers.{kind}";
                Note(b, "capacity", $"{field}.CapacityBytes");
                Note(b, "banks", $"{field}.Banks");
                set = set.With(kind, old with
                {
                    CapacityBytes = b.Bytes("capacity", old.CapacityBytes, 1, 1L << 40),
                    Banks = b.Int("banks", old.Banks, 1, 65536),
                    ReadPorts = b.Int("read_ports", old.ReadPorts, 1, 64),
                    WritePorts = b.Int("write_ports", old.WritePorts, 1, 64),
                    BankWidthBytes = b.Int("bank_width_bytes", old.BankWidthBytes, 1, 4096),
                    DoubleBuffered = b.Bool("double_buffered", old.DoubleBuffered),
                });
            }
            config = config with { Buffers = set };
        }

        if (section.Section("dram", DramKeys) is { } dram)
        {
            var old = d.Dram;
            Note(dram, "interleave_bytes", "Dram.InterleaveBytes");
            var ddr4 = old.Ddr4;
            if (dram.Section("ddr4", Ddr4Keys) is { } t)
            {
                var o = new Ddr4Timing();
                ddr4 = o with
                {
                    Banks = t.Int("banks", o.Banks, 1, 1024),
                    BankGroups = t.Int("bank_groups", o.BankGroups, 1, 1024),
                    RowBytes = t.Int("row_bytes", o.RowBytes, 1, 1 << 20),
                    TCkNs = t.Double("tck_ns", o.TCkNs, 0.01, 100),
                    TRcdNs = t.Double("trcd_ns", o.TRcdNs, 0, 1000),
                    TClNs = t.Double("tcl_ns", o.TClNs, 0, 1000),
                    TRpNs = t.Double("trp_ns", o.TRpNs, 0, 1000),
                    TRasNs = t.Double("tras_ns", o.TRasNs, 0, 1000),
                    TCwlNs = t.Double("tcwl_ns", o.TCwlNs, 0, 1000),
                    TBurstNs = t.Double("tburst_ns", o.TBurstNs, 0.01, 1000),
                    TCcdSNs = t.Double("tccd_s_ns", o.TCcdSNs, 0, 1000),
                    TCcdLNs = t.Double("tccd_l_ns", o.TCcdLNs, 0, 1000),
                    TRrdSNs = t.Double("trrd_s_ns", o.TRrdSNs, 0, 1000),
                    TRrdLNs = t.Double("trrd_l_ns", o.TRrdLNs, 0, 1000),
                    TFawNs = t.Double("tfaw_ns", o.TFawNs, 0, 1000),
                    TWtrSNs = t.Double("twtr_s_ns", o.TWtrSNs, 0, 1000),
                    TWtrLNs = t.Double("twtr_l_ns", o.TWtrLNs, 0, 1000),
                    TWrNs = t.Double("twr_ns", o.TWrNs, 0, 1000),
                    TRtpNs = t.Double("trtp_ns", o.TRtpNs, 0, 1000),
                    TRfcNs = t.Double("trfc_ns", o.TRfcNs, 0, 10_000),
                    TRefiNs = t.Double("trefi_ns", o.TRefiNs, 0, 1e6),
                };
            }
            config = config with
            {
                Dram = old with
                {
                    Channels = dram.Int("channels", old.Channels, 1, 64),
                    GBpsPerChannel = dram.Double("gbps_per_channel", old.GBpsPerChannel, 0.001, 100_000),
                    BurstBytes = dram.Int("burst_bytes", old.BurstBytes, 1, 1 << 16),
                    LatencyNs = dram.Double("latency_ns", old.LatencyNs, 0, 1e6),
                    InterleaveBytes = dram.Int("interleave_bytes", old.InterleaveBytes, 1, 1 << 30),
                    Ddr4 = ddr4,
                },
            };
        }

        if (section.Section("sparse_gen", SparseGenKeys) is { } gen)
        {
            config = config with
            {
                SparseGen = d.SparseGen with
                {
                    Lanes = gen.Int("lanes", d.SparseGen.Lanes, 1, 65536),
                    PipelineLatency = gen.Int("pipeline_latency", d.SparseGen.PipelineLatency, 0, 1 << 20),
                },
            };
        }

        if (section.Section("vector", VectorKeys) is { } vector)
        {
            var costs = new Dictionary<string, VectorOpCost>(d.Vector.Costs, StringComparer.Ordinal);
            var costNode = vector.ValueNode("costs");
            if (costNode is YamlMappingNode costMap)
            {
                foreach (var (k, v) in costMap.Children)
                {
                    var kind = (k as YamlScalarNode)?.Value ?? "";
                    if (!IterationLowering.VectorKinds.Contains(kind, StringComparer.Ordinal))
                    {
                        // A misspelt kind would silently keep the default cost.
                        var hint = YamlSection.Suggest(kind, IterationLowering.VectorKinds);
                        errors.Add(k, $"{vector.FieldName("costs")}: unknown operation kind {TextExcerpt.Quote(kind)}; expected one of: {string.Join(", ", IterationLowering.VectorKinds)}{(hint is null ? "" : $" (did you mean '{hint}'?)")}");
                        continue;
                    }
                    var cost = ReadCost(errors, v, $"{vector.FieldName("costs")}.{kind}", d.Vector.CostOf(kind));
                    if (cost is not null)
                    {
                        costs[kind] = cost;
                    }
                }
            }
            else if (costNode is not null && !YamlSection.IsNull(costNode))
            {
                errors.Add(costNode, $"{vector.FieldName("costs")}: expected a mapping from operation kind (relu, bn_fwd, sgd_momentum, ...) to {{cycles_per_element, latency}}");
            }
            var defaultCost = vector.ValueNode("default_cost") is { } dc && !YamlSection.IsNull(dc)
                ? ReadCost(errors, dc, vector.FieldName("default_cost"), d.Vector.DefaultCost) ?? d.Vector.DefaultCost
                : d.Vector.DefaultCost;
            config = config with
            {
                Vector = d.Vector with
                {
                    Lanes = vector.Int("lanes", d.Vector.Lanes, 1, 65536),
                    DefaultCost = defaultCost,
                    Costs = costs,
                },
            };
        }

        if (section.Section("optimizations", OptimizationKeys) is { } opt)
        {
            var o = d.Optimizations;
            config = config with
            {
                Optimizations = new DataflowOptimizations
                {
                    Interleave = opt.Bool("interleave", o.Interleave),
                    PreGeneration = opt.Bool("pre_generation", o.PreGeneration),
                    OfflineScheduling = opt.Bool("offline_scheduling", o.OfflineScheduling),
                },
            };
        }

        if (section.ValueNode("energy") is { } energyNode && !YamlSection.IsNull(energyNode))
        {
            config = config with { Energy = ReadEnergy(errors, energyNode, section.FieldName("energy"), baseDirectory) };
        }

        foreach (var problem in config.Validate())
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            var field = colon > 0 ? problem[..colon] : "";
            if (marks.TryGetValue(field, out var at))
            {
                errors.Add(at.Mark, $"{at.YamlPath}:{problem[(colon + 1)..]}");
            }
            else
            {
                errors.Add(section.Node, $"{path}: {problem}");
            }
        }
        return config;
    }

    /// <summary>Reads an energy table: inline mapping, or a file (relative path) holding one.</summary>
    public static EnergyTable ReadEnergy(YamlErrorCollector errors, YamlNode node, string path, string baseDirectory)
    {
        var d = new EnergyTable();
        if (node is YamlScalarNode { Value: { } file })
        {
            var full = Path.Combine(baseDirectory, file);
            if (Directory.Exists(full) || !File.Exists(full))
            {
                errors.Add(node, $"{path}: file {TextExcerpt.Quote(file)} not found (relative to {baseDirectory}); expected an energy table YAML file or an inline mapping with {string.Join(", ", EnergyKeys)}");
                return d;
            }
            var fileErrors = new YamlErrorCollector(full);
            EnergyTable table;
            try
            {
                var root = fileErrors.ParseRoot(YamlErrorCollector.ReadText(full, "an energy table"));
                var inner = root is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("energy"), out var e) ? e : root;
                table = ReadEnergyMapping(fileErrors, inner, "energy");
            }
            catch (Errors.SatSimInputException e)
            {
                foreach (var error in e.Errors)
                {
                    errors.Add(node, $"{path}: in {TextExcerpt.Quote(file)}: {error}");
                }
                return d;
            }
            foreach (var error in fileErrors.Errors)
            {
                errors.Add(node, $"{path}: in {TextExcerpt.Quote(file)}: {error}");
            }
            return table;
        }
        return ReadEnergyMapping(errors, node, path);
    }

    private static EnergyTable ReadEnergyMapping(YamlErrorCollector errors, YamlNode node, string path)
    {
        var d = new EnergyTable();
        if (errors.Section(node, path, EnergyKeys) is not { } e)
        {
            return d;
        }
        // Per-event energies up to a microjoule and static power up to 10 kW: beyond that a value is a unit mistake.
        const double Max = 1e6;
        return new EnergyTable
        {
            DenseMacPj = e.Double("dense_mac_pj", d.DenseMacPj, 0, Max),
            SparseMacPj = e.Double("sparse_mac_pj", d.SparseMacPj, 0, Max),
            BufferReadPjPerByte = e.Double("buffer_read_pj_per_byte", d.BufferReadPjPerByte, 0, Max),
            BufferWritePjPerByte = e.Double("buffer_write_pj_per_byte", d.BufferWritePjPerByte, 0, Max),
            DramPjPerByte = e.Double("dram_pj_per_byte", d.DramPjPerByte, 0, Max),
            VectorPjPerElement = e.Double("vector_pj_per_element", d.VectorPjPerElement, 0, Max),
            SparseGenPjPerElement = e.Double("sparse_gen_pj_per_element", d.SparseGenPjPerElement, 0, Max),
            StaticPowerW = e.Double("static_power_w", d.StaticPowerW, 0, 10_000),
        };
    }

    private static VectorOpCost? ReadCost(YamlErrorCollector errors, YamlNode node, string path, VectorOpCost fallback)
    {
        if (errors.Section(node, path, CostKeys) is not { } c)
        {
            return null;
        }
        return new VectorOpCost(
            c.Double("cycles_per_element", fallback.CyclesPerElement, 1e-6, 1e6),
            c.Int("latency", fallback.Latency, 0, 1 << 24));
    }
}
