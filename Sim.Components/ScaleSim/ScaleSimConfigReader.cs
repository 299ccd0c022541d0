using System.Globalization;
using Sim.Vocabulary.IO;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.ScaleSim;

/// <summary>
/// Reads SCALE-Sim v2's INI-style configuration (<c>[general]</c>, <c>[architecture_presets]</c>, <c>[run_presets]</c>,
/// optional <c>[network_presets]</c>, <c>[memory_map_files]</c>, <c>[layout]</c>, <c>[sparsity]</c>). Like Python's
/// configparser, keys are case-insensitive and <c>key = value</c> or <c>key: value</c>; lines starting with # or ; are
/// comments. Unknown sections or keys, missing sections or keys and bad numbers throw
/// <see cref="ScaleSimFormatException"/> naming file, line and key.
/// </summary>
public static class ScaleSimConfigReader
{
    private static readonly Dictionary<string, string[]> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["general"] = ["run_name"],
        ["architecture_presets"] =
        [
            "ArrayHeight", "ArrayWidth", "IfmapSramSzkB", "FilterSramSzkB", "OfmapSramSzkB", "IfmapOffset", "FilterOffset",
            "OfmapOffset", "Bandwidth", "Dataflow", "MemoryBanks", "ReadRequestBuffer", "WriteRequestBuffer",
        ],
        ["run_presets"] = ["InterfaceBandwidth", "UseRamulatorTrace"],
        ["network_presets"] = ["TopologyCsvLoc"],
        ["memory_map_files"] = ["MemoryMapIfmap", "MemoryMapFilter", "MemoryMapOfmap"],
        ["layout"] =
        [
            "IfmapCustomLayout", "IfmapSRAMBankBandwidth", "IfmapSRAMBankNum", "IfmapSRAMBankPort",
            "FilterCustomLayout", "FilterSRAMBankBandwidth", "FilterSRAMBankNum", "FilterSRAMBankPort",
        ],
        ["sparsity"] = ["SparsitySupport", "SparseRep", "OptimizedMapping", "BlockSize", "RandomNumberGeneratorSeed"],
    };

    /// <summary>Largest array side accepted: 65,536 PEs, far beyond any built array, keeps cycle products in 64 bits.</summary>
    public const int MaxArrayDimension = 1 << 16;

    public static ScaleSimConfig Read(string path)
    {
        string[] lines;
        try
        {
            lines = BoundedFile.ReadAllLines(path, BoundedFile.TextLimit, "a SCALE-Sim configuration");
        }
        catch (InputTooLargeException e)
        {
            throw new ScaleSimFormatException(path, 0, "file", $"larger than {BoundedFile.Describe(e.LimitBytes)}, the limit for a configuration; is it the right file?");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScaleSimFormatException(path, 0, "file", $"cannot be read ({e.Message})");
        }
        return Parse(path, lines);
    }

    public static ScaleSimConfig Parse(string file, IReadOnlyList<string> lines)
    {
        var values = new Dictionary<(string Section, string Key), (string Value, int Line)>();
        var sections = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string? section = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var n = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']')) throw new ScaleSimFormatException(file, n, line, "section header must look like [name]");
                section = line[1..^1].Trim().ToLowerInvariant();
                if (!Known.ContainsKey(section))
                {
                    throw new ScaleSimFormatException(file, n, $"[{section}]", $"unknown section; expected one of {string.Join(", ", Known.Keys.Select(k => $"[{k}]"))}");
                }
                sections[section] = n;
                continue;
            }
            var sep = line.IndexOfAny(['=', ':']);
            if (sep <= 0) throw new ScaleSimFormatException(file, n, line, "expected 'key = value' or 'key: value'");
            var key = line[..sep].Trim();
            var value = StripInlineComment(line[(sep + 1)..]).Trim();
            if (section is null) throw new ScaleSimFormatException(file, n, key, "key before any [section]");
            var canonical = Known[section].FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
            {
                throw new ScaleSimFormatException(file, n, key, $"unknown key in [{section}]; expected one of {string.Join(", ", Known[section])}");
            }
            values[(section, canonical.ToLowerInvariant())] = (value, n);
        }

        foreach (var required in new[] { "general", "architecture_presets", "run_presets" })
        {
            if (!sections.ContainsKey(required)) throw new ScaleSimFormatException(file, 0, $"[{required}]", "missing section");
        }

        (string Value, int Line) Get(string sec, string key)
            => values.TryGetValue((sec, key.ToLowerInvariant()), out var v)
                ? v
                : throw new ScaleSimFormatException(file, sections[sec], key, $"missing key in [{sec}]");

        int PositiveInt(string sec, string key, int max = int.MaxValue)
        {
            var (v, n) = Get(sec, key);
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) || x <= 0)
            {
                throw new ScaleSimFormatException(file, n, key, $"expected a positive integer, got {TextExcerpt.Quote(v)}");
            }
            return x <= max ? x : throw new ScaleSimFormatException(file, n, key, $"{x} is out of range; expected a positive integer up to {max}");
        }

        var bwMode = Get("run_presets", "InterfaceBandwidth");
        var user = bwMode.Value.ToUpperInvariant() switch
        {
            "USER" => true,
            "CALC" => false,
            _ => throw new ScaleSimFormatException(file, bwMode.Line, "InterfaceBandwidth", $"expected USER or CALC, got {TextExcerpt.Quote(bwMode.Value)}"),
        };
        var df = Get("architecture_presets", "Dataflow");
        var dataflow = df.Value.ToLowerInvariant() switch
        {
            "os" => Dataflow.OutputStationary,
            "ws" => Dataflow.WeightStationary,
            "is" => Dataflow.InputStationary,
            _ => throw new ScaleSimFormatException(file, df.Line, "Dataflow", $"expected os, ws or is, got {TextExcerpt.Quote(df.Value)}"),
        };
        double bandwidth = 10;
        var bandwidthLine = 0;
        if (user)
        {
            var (v, n) = Get("architecture_presets", "Bandwidth");
            bandwidthLine = n;
            var first = v.Split(',')[0].Trim();
            if (!double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out bandwidth) || !(bandwidth > 0) || double.IsInfinity(bandwidth))
            {
                throw new ScaleSimFormatException(file, n, "Bandwidth", $"expected a positive number of words per cycle, got {TextExcerpt.Quote(v)}");
            }
        }
        string? topology = null;
        if (values.TryGetValue(("network_presets", "topologycsvloc"), out var topo))
        {
            topology = topo.Value.Trim('"', '\'', ' ');
        }
        var runName = values.TryGetValue(("general", "run_name"), out var rn) ? rn.Value.Trim('"') : "scale_run";
        bool Flag(string key)
        {
            if (!values.TryGetValue(("sparsity", key.ToLowerInvariant()), out var f)) return false;
            return f.Value.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw new ScaleSimFormatException(file, f.Line, key, $"expected true or false, got '{f.Value}'"),
            };
        }
        var sparse = Flag("SparsitySupport");
        var optimized = sparse && Flag("OptimizedMapping");
        var representation = "ellpack_block";
        if (sparse)
        {
            if (!values.TryGetValue(("sparsity", "sparserep"), out var rep))
                throw new ScaleSimFormatException(file, values[("sparsity", "sparsitysupport")].Line, "SparseRep", "SparsitySupport is true but [sparsity] has no SparseRep (ellpack_block, csr or csc)");
            representation = rep.Value.Trim().Trim('"');
            if (!ScaleSimSparsity.Representations.Contains(representation))
                throw new ScaleSimFormatException(file, rep.Line, "SparseRep", $"expected ellpack_block, csr or csc, got {Sim.Vocabulary.IO.TextExcerpt.Quote(rep.Value)}");
        }
        var arrayHeight = PositiveInt("architecture_presets", "ArrayHeight", MaxArrayDimension);
        var blockSize = 0;
        uint seed = 40;
        if (optimized)
        {
            // SCALE-Sim v3 asserts BlockSize <= ArrayHeight; below 2 its randint(1, BlockSize / 2 + 1) has an empty range.
            blockSize = PositiveInt("sparsity", "BlockSize");
            if (blockSize < 2 || blockSize > arrayHeight)
            {
                throw new ScaleSimFormatException(file, Get("sparsity", "BlockSize").Line, "BlockSize", $"row-wise N:M needs a block size from 2 to ArrayHeight ({arrayHeight}), got {blockSize}");
            }
        }
        if (sparse && values.TryGetValue(("sparsity", "randomnumbergeneratorseed"), out var s))
        {
            if (!uint.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            {
                throw new ScaleSimFormatException(file, s.Line, "RandomNumberGeneratorSeed", $"expected an integer from 0 to 4294967295 (NumPy's seed range), got {TextExcerpt.Quote(s.Value)}");
            }
        }
        // Keys that only matter for warnings about what is not reproduced: read when well formed, else ignored.
        long? Whole(string sec, string key)
            => values.TryGetValue((sec, key.ToLowerInvariant()), out var v) && long.TryParse(v.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : null;
        bool True(string key)
            => values.TryGetValue(("layout", key.ToLowerInvariant()), out var v) && string.Equals(v.Value, "true", StringComparison.OrdinalIgnoreCase);
        return new ScaleSimConfig
        {
            RunName = runName,
            ArrayHeight = arrayHeight,
            ArrayWidth = PositiveInt("architecture_presets", "ArrayWidth", MaxArrayDimension),
            IfmapSramKb = PositiveInt("architecture_presets", "IfmapSramSzkB"),
            FilterSramKb = PositiveInt("architecture_presets", "FilterSramSzkB"),
            OfmapSramKb = PositiveInt("architecture_presets", "OfmapSramSzkB"),
            Dataflow = dataflow,
            UserBandwidth = user,
            BandwidthWordsPerCycle = bandwidth,
            TopologyPath = topology,
            SourceFile = file,
            BandwidthLine = bandwidthLine,
            SparsitySupport = sparse,
            SparsityRowWise = optimized,
            SparseRepresentation = representation,
            SparsityBlockSize = blockSize,
            SparsitySeed = seed,
            FilterOffset = Whole("architecture_presets", "FilterOffset"),
            IfmapBankBandwidth = Whole("layout", "IfmapSRAMBankBandwidth"),
            FilterBankBandwidth = Whole("layout", "FilterSRAMBankBandwidth"),
            CustomLayout = True("IfmapCustomLayout") || True("FilterCustomLayout"),
            RamulatorTrace = values.TryGetValue(("run_presets", "useramulatortrace"), out var ram) && ram.Value == "True",
        };
    }

    /// <summary>Drops a trailing "# ..." or "; ..." comment preceded by whitespace.</summary>
    private static string StripInlineComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is '#' or ';' && char.IsWhiteSpace(value[i - 1])) return value[..i];
        }
        return value;
    }
}
