using Sim.Components.Config;
using Sim.Components.Config.Schema;
using Sim.Components.Operations;
using Sim.Vocabulary.IO;
using Sim.Workloads.Lowering;
using Sim.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// Maps the <c>hardware:</c> section of a scenario (or a stand-alone hardware file for <c>satsim replay</c>)
/// onto <see cref="HardwareConfig"/> by walking <see cref="HardwareConfig.Schema"/>: every key, its type and
/// range come from the parameter declarations beside the configuration records, so the reader, the report's
/// hardware section (<see cref="Describe"/>), sweep axes and docs/hardware.md cannot disagree. Every key is
/// optional; an absent key keeps SAT's default. Each value is checked against its range where it is read, by the
/// same <see cref="HardwareParameter.Check"/> that <see cref="HardwareConfig.Validate"/> uses (an out-of-range
/// value is reported and the default kept); after reading, Validate runs once and its remaining problems (relations
/// between parameters, an unknown device) are reported at the YAML line of the key path they name.
/// </summary>
public static class HardwareYaml
{
    /// <summary>The keys of a <c>hardware:</c> section, in order.</summary>
    public static IReadOnlyList<string> Keys => HardwareConfig.Schema.Keys;

    /// <summary>The keys of an energy table (inline or in its own file).</summary>
    public static IReadOnlyList<string> EnergyKeys => EnergyTable.Schema.Keys;

    /// <summary>
    /// The inverse of <c>Read</c>: <paramref name="c"/> as a nested mapping with exactly the keys of a
    /// scenario's <c>hardware:</c> section, every key spelled out (<see cref="BlockSchema.Describe"/>).
    /// <c>report.json</c> writes its hardware section with it, so that section saved as a file (JSON is YAML)
    /// and passed back as a hardware file reproduces the run.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Describe(HardwareConfig c) => HardwareConfig.Schema.Describe(c);

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
        if (InputPath.Problem(path) is { } problem)
        {
            throw new Errors.SatSimInputException(path, $"{problem}; expected a hardware YAML file (see scenarios/*.yaml, section 'hardware')");
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
            if (InputPath.Problem(full) is { } problem)
            {
                errors.Add(node, $"{path}: {Missing(file, problem)} (relative to {baseDirectory}); expected a hardware YAML file or an inline mapping");
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
        var config = (HardwareConfig)ReadBlock(errors, section, HardwareConfig.Schema, HardwareConfig.Sat, "", marks, baseDirectory);
        foreach (var problem in config.Validate())
        {
            var colon = problem.IndexOf(':', StringComparison.Ordinal);
            var keyPath = colon > 0 ? problem[..colon] : "";
            if (marks.TryGetValue(keyPath, out var at))
            {
                errors.Add(at.Mark, $"{at.YamlPath}:{problem[(colon + 1)..]}");
            }
            else
            {
                errors.Add(section.Node, $"{path}.{problem}");
            }
        }
        return config;
    }

    /// <summary>
    /// Reads the keys of <paramref name="schema"/> present in <paramref name="section"/> onto <paramref name="start"/>:
    /// each value typed and range-checked by its declaration, nested blocks recursively (an optional block starts
    /// from its defaults), the energy table also from a file. <paramref name="marks"/> records where each key path
    /// under <paramref name="prefix"/> (as <see cref="HardwareConfig.Validate"/> names it) was written.
    /// </summary>
    private static object ReadBlock(YamlErrorCollector errors, YamlSection section, BlockSchema schema, object start, string prefix,
        Dictionary<string, (string YamlPath, Mark Mark)> marks, string baseDirectory)
    {
        var value = start;
        foreach (var p in schema.Parameters)
        {
            var keyPath = prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}";
            var current = p.Get(value);
            if (p.Kind is not (ParameterKind.Block or ParameterKind.Map))
            {
                marks[keyPath] = (section.FieldName(p.Key), section.MarkOf(p.Key));
            }
            switch (p.Kind)
            {
                case ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number:
                    value = p.With(value, ReadNumber(errors, section, p, current!));
                    break;
                case ParameterKind.Boolean:
                    value = p.With(value, section.Bool(p.Key, (bool)current!));
                    break;
                case ParameterKind.Text:
                    value = p.With(value, section.String(p.Key, (string?)current));
                    break;
                case ParameterKind.Block when ReferenceEquals(p.Block, EnergyTable.Schema):
                    if (section.ValueNode(p.Key) is { } energyNode && !YamlSection.IsNull(energyNode))
                    {
                        value = p.With(value, ReadEnergy(errors, energyNode, section.FieldName(p.Key), baseDirectory));
                    }
                    break;
                case ParameterKind.Block:
                    if (section.Section(p.Key, p.Block!.Keys) is { } inner)
                    {
                        value = p.With(value, ReadBlock(errors, inner, p.Block, current ?? p.Block.Default, keyPath, marks, baseDirectory));
                    }
                    break;
                case ParameterKind.Map:
                    value = p.With(value, ReadCosts(errors, section, p, (IReadOnlyDictionary<string, VectorOpCost>)current!, baseDirectory));
                    break;
            }
        }
        return value;
    }

    /// <summary>
    /// A numeric parameter's value (an integer, a size in bytes such as 512KiB, or a finite number, by its kind),
    /// checked by <see cref="HardwareParameter.Check"/> with the key path and the value as written; a value of the
    /// wrong form or out of range is recorded and <paramref name="current"/> kept.
    /// </summary>
    private static object ReadNumber(YamlErrorCollector errors, YamlSection section, HardwareParameter p, object current)
    {
        if (!section.TryScalar(p.Key, out var text, out var node))
        {
            return current;
        }
        var plain = text.Replace("_", "", StringComparison.Ordinal);
        long whole = 0;
        var number = 0.0;
        var ok = p.Kind switch
        {
            ParameterKind.Integer => long.TryParse(plain, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out whole),
            ParameterKind.Bytes => YamlSection.TryParseBytes(text, out whole),
            _ => double.TryParse(plain, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number) && double.IsFinite(number),
        };
        var where = section.FieldName(p.Key);
        if (!ok)
        {
            errors.Add(node, $"{where}: expected {p.Expected}, got {TextExcerpt.Quote(text)}");
            return current;
        }
        if (p.Check(where, p.Kind == ParameterKind.Number ? number : whole, TextExcerpt.Escape(text)) is { } problem)
        {
            errors.Add(node, problem);
            return current;
        }
        return p.Kind switch
        {
            ParameterKind.Integer => (int)whole,
            ParameterKind.Bytes => whole,
            _ => number,
        };
    }

    /// <summary>
    /// <c>vector.costs</c>: per operation kind, a cost block over the built-in one. The kinds are the workload
    /// compiler's (a misspelt kind would silently keep the default cost, so it is an error).
    /// </summary>
    private static IReadOnlyDictionary<string, VectorOpCost> ReadCosts(YamlErrorCollector errors, YamlSection vector, HardwareParameter p,
        IReadOnlyDictionary<string, VectorOpCost> current, string baseDirectory)
    {
        var node = vector.ValueNode(p.Key);
        if (node is null || YamlSection.IsNull(node))
        {
            return current;
        }
        var where = vector.FieldName(p.Key);
        if (node is not YamlMappingNode map)
        {
            errors.Add(node, $"{where}: expected a mapping from operation kind (relu, bn_fwd, sgd_momentum, ...) to {{{string.Join(", ", p.Block!.Keys)}}}");
            return current;
        }
        var costs = new Dictionary<string, VectorOpCost>(current, StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var kind = (k as YamlScalarNode)?.Value ?? "";
            if (!IterationLowering.VectorKinds.Contains(kind, StringComparer.Ordinal))
            {
                var hint = YamlSection.Suggest(kind, IterationLowering.VectorKinds);
                errors.Add(k, $"{where}: unknown operation kind {TextExcerpt.Quote(kind)}; expected one of: {string.Join(", ", IterationLowering.VectorKinds)}{(hint is null ? "" : $" (did you mean '{hint}'?)")}");
                continue;
            }
            if (errors.Section(v, $"{where}.{kind}", p.Block!.Keys) is { } entry)
            {
                var start = costs.TryGetValue(kind, out var c) ? c : (VectorOpCost)p.Block.Default;
                costs[kind] = (VectorOpCost)ReadBlock(errors, entry, p.Block, start, "", [], baseDirectory);
            }
        }
        return costs;
    }

    /// <summary>Reads an energy table: inline mapping, or a file (relative path) holding one.</summary>
    public static EnergyTable ReadEnergy(YamlErrorCollector errors, YamlNode node, string path, string baseDirectory)
    {
        var d = new EnergyTable();
        if (node is YamlScalarNode { Value: { } file })
        {
            var full = Path.Combine(baseDirectory, file);
            if (InputPath.Problem(full) is { } problem)
            {
                errors.Add(node, $"{path}: {Missing(file, problem)} (relative to {baseDirectory}); expected an energy table YAML file or an inline mapping with {string.Join(", ", EnergyKeys)}");
                return d;
            }
            var fileErrors = new YamlErrorCollector(full);
            EnergyTable table;
            try
            {
                var root = fileErrors.ParseRoot(YamlErrorCollector.ReadText(full, "an energy table"));
                var inner = root is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("energy"), out var e) ? e : root;
                table = ReadEnergyMapping(fileErrors, inner, "energy", baseDirectory);
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
        return ReadEnergyMapping(errors, node, path, baseDirectory);
    }

    /// <summary>"file 'x' not found" or "'x' is a directory, not a file".</summary>
    internal static string Missing(string file, string problem) =>
        problem == InputPath.NotFound ? $"file {TextExcerpt.Quote(file)} not found" : $"{TextExcerpt.Quote(file)} {problem}";

    private static EnergyTable ReadEnergyMapping(YamlErrorCollector errors, YamlNode node, string path, string baseDirectory) =>
        errors.Section(node, path, EnergyKeys) is { } e
            ? (EnergyTable)ReadBlock(errors, e, EnergyTable.Schema, new EnergyTable(), "", [], baseDirectory)
            : new EnergyTable();
}
