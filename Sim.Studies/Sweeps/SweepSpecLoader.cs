using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sim.Vocabulary.IO;
using Sim.Studies.Errors;
using Sim.Studies.Output;
using Sim.Studies.Scenarios;
using Sim.Studies.Sweeps.Search;
using Sim.Components.Config.Schema;
using Sim.Components.Operations;
using Sim.Vocabulary;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Sweeps;

/// <summary>
/// Reads and validates a sweep file (YAML) once. Every problem becomes one line
/// "file:line:column: what is wrong; expected ..."; all problems are collected and reported together.
/// </summary>
/// <example>
/// <code>
/// hardware: sat-vcu1525.yaml      # optional base hardware; unswept parameters come from it
/// workload:
///   model: resnet18-cifar         # each value: a scalar, a list, or a range {from, to, step|factor}
///   batch: 32
///   method: [dense, bdwp]
///   nm: "2:8"
/// grid:
///   pe_rows: {from: 8, to: 64, factor: 2}
///   pe_cols: [8, 16, 32, 64]
///   dram_channels: [1, 2, 4]
///   buffers.input.banks: [16, 32] # any hardware parameter by its key path (docs/hardware.md), typed and range-checked
/// random: {samples: 20, seed: 1}   # optional: 20 distinct grid points instead of all
/// search: {strategy: guided, budget: 64, objective: images_per_second, seed: 1}   # or: a guided search of the grid
/// </code>
/// </example>
public static class SweepSpecLoader
{
    private static readonly string[] Methods = ["dense", "srste", "bdwp"];

    /// <summary>Loads a sweep file; <paramref name="models"/>, when given, lists the accepted model names.</summary>
    public static SweepSpec Load(string path, IReadOnlyCollection<string>? models = null)
    {
        if (InputPath.Problem(path) is { } problem)
        {
            throw new SatSimInputException(path, problem == InputPath.NotFound ? "sweep file not found" : $"{problem}; expected a sweep YAML file such as scenarios/sweep-array-buffer.yaml");
        }
        return Parse(YamlErrorCollector.ReadText(path, "a sweep file"), path, checkHardware: true, models);
    }

    /// <param name="yaml">The file's text.</param>
    /// <param name="file">Its path, for messages and for resolving a relative <c>hardware:</c> path.</param>
    /// <param name="checkHardware">False when reading the copy kept in a result directory, whose
    /// <c>hardware:</c> path may not resolve there (merging needs only the axes).</param>
    /// <param name="models">Accepted model names (the zoo); null accepts any well-formed name. When given, an .onnx
    /// model path must also exist (relative to the sweep file's folder) and import.</param>
    public static SweepSpec Parse(string yaml, string file, bool checkHardware = true, IReadOnlyCollection<string>? models = null)
    {
        var errors = new List<InputError>();
        YamlLimits.Check(yaml, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SatSimInputException(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {TextExcerpt.Escape(FirstLine(e.InnerException?.Message ?? e.Message), 200)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner and node loader fail this way on some malformed input (e.g. an unclosed '[' or quote).
            throw new SatSimInputException(file, "not valid YAML: malformed value (an unclosed '[', '{' or quote?)");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SatSimInputException(file, 1, 1, $"expected a mapping with keys hardware, workload, grid, random, search");
        }

        string? hardware = null;
        var axes = new Dictionary<SweepAxis, AxisValues>();
        RandomSampling? random = null;
        SearchSettings? search = null;
        YamlNode? searchNode = null;
        YamlNode? randomNode = null;
        var workloadSeen = false;
        var mentioned = new HashSet<SweepAxis>();
        var unknown = new UnknownKeys(file, "", errors);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case "hardware":
                    if (valueNode is YamlScalarNode { Value: { Length: > 0 } h })
                    {
                        hardware = Path.IsPathRooted(h) ? h : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, h);
                        if (checkHardware && InputPath.Problem(hardware) is { } problem)
                        {
                            errors.Add(At(file, valueNode, $"hardware {HardwareYaml.Missing(h, problem)} (relative paths are relative to the sweep file)"));
                        }
                    }
                    else
                    {
                        errors.Add(At(file, valueNode, $"'hardware' expected a file path"));
                    }
                    break;
                case "workload":
                case "grid":
                    workloadSeen |= key == "workload";
                    ReadAxes(file, key, valueNode, key == "workload", axes, mentioned, errors, models);
                    break;
                case "random":
                    randomNode = keyNode;
                    random = ReadRandom(file, valueNode, errors);
                    break;
                case "search":
                    searchNode = keyNode;
                    search = SearchSectionReader.Read(file, valueNode, errors);
                    break;
                default:
                    unknown.Add(keyNode, () => At(file, keyNode, $"unknown key {TextExcerpt.Quote(key, YamlSection.MaxKeyExcerpt)}; expected one of hardware, workload, grid, random, search"));
                    break;
            }
        }
        unknown.Finish();

        if (searchNode is not null && randomNode is not null)
        {
            errors.Add(At(file, searchNode, "'search' and 'random' are both given; a search chooses its own designs (use search: {strategy: random, ...} for random sampling)"));
        }
        if (!workloadSeen)
        {
            errors.Add(new InputError(file, 1, 1, $"missing 'workload' section; expected workload: {{model: ..., batch: ..., method: ..., nm: ...}}"));
        }
        else
        {
            foreach (var required in new[] { SweepAxis.Model, SweepAxis.Batch, SweepAxis.Method })
            {
                if (!mentioned.Contains(required))
                {
                    errors.Add(new InputError(file, (int)root.Start.Line, (int)root.Start.Column, $"workload.{SweepAxes.Name(required)} is missing; expected {SweepAxes.ExpectedForm(required)}"));
                }
            }
            if (axes.TryGetValue(SweepAxis.Method, out var methods) && methods.Values.Any(m => m != "dense") && !mentioned.Contains(SweepAxis.Nm))
            {
                errors.Add(new InputError(file, (int)root.Start.Line, (int)root.Start.Column, $"workload.nm is missing; sparse methods need an N:M pattern such as \"2:8\""));
            }
        }

        if (errors.Count > 0)
        {
            throw new SatSimInputException(errors);
        }

        var ordered = axes.Keys.OrderBy(a => a.Order).ThenBy(a => a.Name, StringComparer.Ordinal).Select(a => axes[a]).ToList();
        if (search is not null)
        {
            try
            {
                _ = new SearchSpace(ordered);
            }
            catch (ArgumentException e)
            {
                throw new SatSimInputException(file, (int)searchNode!.Start.Line, (int)searchNode.Start.Column, $"'search': {e.Message}; expected fewer axis values");
            }
            if (SweepAxes.Parse(search.Objective) is { } objectiveAxis && !axes.ContainsKey(objectiveAxis))
            {
                throw new SatSimInputException(file, (int)searchNode!.Start.Line, (int)searchNode.Start.Column, $"'search.objective' is the axis '{search.Objective}', which this sweep does not vary, so sweep.csv has no such column; expected a swept axis or a metric column such as images_per_second");
            }
        }
        return new SweepSpec(file, hardware, ordered, random, Fingerprint(ordered, random, hardware, search), search);
    }

    private static void ReadAxes(string file, string section, YamlNode node, bool workload, Dictionary<SweepAxis, AxisValues> axes, HashSet<SweepAxis> mentioned, List<InputError> errors, IReadOnlyCollection<string>? models)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(file, node, $"'{section}' expected a mapping of axis names to values"));
            return;
        }
        var unknown = new UnknownKeys(file, $"'{section}': ", errors);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            var axis = SweepAxes.Parse(name);
            if (axis is null || SweepAxes.IsWorkloadAxis(axis) != workload)
            {
                var allowed = SweepAxes.All.Where(a => SweepAxes.IsWorkloadAxis(a) == workload).Select(SweepAxes.Name).ToList();
                var paths = workload ? "" : ", or any hardware key path such as buffers.input.banks (docs/hardware.md)";
                var hint = YamlSection.Suggest(name, workload ? allowed : allowed.Concat(SweepAxis.ParameterPaths));
                unknown.Add(keyNode, () => At(file, keyNode, $"unknown key {TextExcerpt.Quote($"{section}.{name}", YamlSection.MaxKeyExcerpt)}; expected one of {string.Join(", ", allowed)}{paths}{(hint is null ? "" : $" (did you mean '{hint}'?)")}"));
                continue;
            }
            if (axis.ParameterPath is { } path && axes.Keys.FirstOrDefault(a => a.ParameterPath == path && a != axis) is { } twin)
            {
                errors.Add(At(file, keyNode, $"{TextExcerpt.Quote($"{section}.{name}")} sets {path}, as '{section}.{twin.Name}' does; expected one of them"));
                continue;
            }
            mentioned.Add(axis);
            var values = ReadValues(file, section, axis, valueNode, errors, models);
            if (values is null)
            {
                continue;
            }
            var distinct = values.Distinct().ToList();
            if (distinct.Count != values.Count)
            {
                errors.Add(At(file, valueNode, $"'{section}.{name}' lists a value twice; expected distinct values"));
                continue;
            }
            axes[axis] = new AxisValues(axis, values);
        }
        unknown.Finish();
    }

    private static List<string>? ReadValues(string file, string section, SweepAxis axis, YamlNode node, List<InputError> errors, IReadOnlyCollection<string>? models)
    {
        var where = $"{section}.{SweepAxes.Name(axis)}";
        switch (node)
        {
            case YamlScalarNode scalar:
                return Canonical(file, where, axis, scalar, errors, models) is { } one ? [one] : null;
            case YamlSequenceNode sequence:
                if (sequence.Children.Count == 0)
                {
                    errors.Add(At(file, node, $"'{where}' is an empty list; expected at least one value"));
                    return null;
                }
                var list = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is not YamlScalarNode itemScalar)
                    {
                        errors.Add(At(file, item, $"'{where}' items must be single values; expected {SweepAxes.ExpectedForm(axis)}"));
                        return null;
                    }
                    if (Canonical(file, where, axis, itemScalar, errors, models) is not { } value)
                    {
                        return null;
                    }
                    list.Add(value);
                }
                return list;
            case YamlMappingNode range:
                return ReadRange(file, where, axis, range, errors);
            default:
                errors.Add(At(file, node, $"'{where}' expected {SweepAxes.ExpectedForm(axis)}, a list of them or a range"));
                return null;
        }
    }

    /// <summary>A numeric range {from, to, step} (arithmetic) or {from, to, factor} (geometric), inclusive.</summary>
    private static List<string>? ReadRange(string file, string where, SweepAxis axis, YamlMappingNode range, List<InputError> errors)
    {
        if (!SweepAxes.IsNumeric(axis))
        {
            errors.Add(At(file, range, $"'{where}' cannot be a range; expected {SweepAxes.ExpectedForm(axis)} or a list of them"));
            return null;
        }
        double? from = null, to = null, step = null, factor = null;
        foreach (var (k, v) in range.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            if (key is not ("from" or "to" or "step" or "factor"))
            {
                errors.Add(At(file, k, $"unknown key {TextExcerpt.Quote($"{where}.{key}")}; a range has from, to and step or factor"));
                return null;
            }
            if (v is not YamlScalarNode { Value: { } text } || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number <= 0)
            {
                errors.Add(At(file, v, $"'{where}.{key}' expected a positive number"));
                return null;
            }
            switch (key)
            {
                case "from": from = number; break;
                case "to": to = number; break;
                case "step": step = number; break;
                default: factor = number; break;
            }
        }
        if (from is null || to is null || (step is null) == (factor is null) || to < from || factor is <= 1)
        {
            errors.Add(At(file, range, $"'{where}' range expected {{from: A, to: B, step: S}} or {{from: A, to: B, factor: F > 1}} with A <= B"));
            return null;
        }
        var values = new List<string>();
        for (var x = from.Value; x <= to.Value * (1 + 1e-12); x = step is { } s ? x + s : x * factor!.Value)
        {
            if (SweepAxes.IsInteger(axis) && Math.Abs(x - Math.Round(x)) > 1e-9)
            {
                errors.Add(At(file, range, $"'{where}' range produces {x.ToString(CultureInfo.InvariantCulture)}; expected integers"));
                return null;
            }
            values.Add(SweepAxes.IsInteger(axis) ? ((long)Math.Round(x)).ToString(CultureInfo.InvariantCulture) : x.ToString("R", CultureInfo.InvariantCulture));
            if (OutOfRange(axis, where, values[^1]) is { } problem)
            {
                errors.Add(At(file, range, problem));
                return null;
            }
            if (values.Count > 100_000)
            {
                errors.Add(At(file, range, $"'{where}' range has more than 100000 values"));
                return null;
            }
        }
        return values;
    }

    private static string? Canonical(string file, string where, SweepAxis axis, YamlScalarNode scalar, List<InputError> errors, IReadOnlyCollection<string>? models)
    {
        var text = (scalar.Value ?? "").Trim();
        if (axis == SweepAxis.Model && Sim.Studies.Models.ModelResolver.IsFile(text))
        {
            // Errors of an .onnx value are reported by OnnxModel itself.
            return OnnxModel(file, where, scalar, text, errors, check: models is not null);
        }
        var result = CanonicalValue(axis, text, models);
        if (result is null)
        {
            errors.Add(At(file, scalar, $"'{where}' is {TextExcerpt.Quote(text)}; expected {SweepAxes.ExpectedForm(axis)}{(axis == SweepAxis.Nm ? " with N < M (dense points come from method: dense)" : "")}{(axis == SweepAxis.Model && models is not null ? " (one of " + string.Join(", ", models) + ", or the path of an .onnx file)" : "")}"));
        }
        else if (OutOfRange(axis, where, result) is { } problem)
        {
            errors.Add(At(file, scalar, problem));
            return null;
        }
        return result;
    }

    /// <summary>
    /// The declared range of a hardware axis's parameter, by the same <see cref="HardwareParameter.Check"/> as the
    /// scenario reader and <see cref="Sim.Components.Config.HardwareConfig.Validate"/>: null when <paramref name="canonical"/> is in range
    /// (or the axis has no numeric parameter). A scaled axis (<c>*_kib</c>) is checked in bytes and shows its value as written.
    /// </summary>
    private static string? OutOfRange(SweepAxis axis, string where, string canonical)
    {
        if (axis.Parameter is not { Kind: ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number } p)
        {
            return null;
        }
        var value = double.Parse(canonical, NumberStyles.Float, CultureInfo.InvariantCulture) * axis.Scale;
        return p.Check(where, value, axis.Scale == 1 ? canonical : $"{canonical} x {axis.Scale.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// An .onnx model value, kept as written (so sweep.csv and the point keys do not depend on where the sweep
    /// lives; the evaluator resolves it against the sweep file's folder, as scenarios do). When checking, the file
    /// must exist there and import: its problems are reported with the sweep file's other ones.
    /// </summary>
    private static string? OnnxModel(string file, string where, YamlScalarNode scalar, string text, List<InputError> errors, bool check)
    {
        if (text.Any(char.IsControl))
        {
            errors.Add(At(file, scalar, $"'{where}' is {TextExcerpt.Quote(text)}; expected a file path without control characters"));
            return null;
        }
        if (!check)
        {
            return text;
        }
        var path = SimulatorSweepEvaluator.ResolveModel(text, Path.GetDirectoryName(Path.GetFullPath(file)));
        if (InputPath.Problem(path) is { } problem)
        {
            errors.Add(At(file, scalar, $"'{where}': ONNX {HardwareYaml.Missing(text, problem)} (a relative path is read from the sweep file's folder)"));
            return null;
        }
        try
        {
            Sim.Studies.Models.ModelResolver.Import(path);
        }
        catch (Sim.Onnx.OnnxImportException e)
        {
            errors.Add(At(file, scalar, $"'{where}': {e.Message}"));
            return null;
        }
        return text;
    }

    /// <summary>The canonical text of one axis value (invariant numbers), or null when the value is not one the axis takes.</summary>
    private static string? CanonicalValue(SweepAxis axis, string text, IReadOnlyCollection<string>? models)
    {
        if (axis == SweepAxis.Model)
        {
            return text.Length > 0 && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
                && (models is null || models.Contains(text)) ? text : null;
        }
        if (axis == SweepAxis.Method)
        {
            return Methods.Contains(text) ? text : null;
        }
        if (axis == SweepAxis.Nm)
        {
            try
            {
                var nm = NmPattern.Parse(text);
                return nm.IsDense ? null : nm.ToString();
            }
            catch (FormatException)
            {
                return null;
            }
        }
        if (axis == SweepAxis.Device)
        {
            return Sim.Components.Cost.DeviceCatalog.BuiltIn.Find(text) is not null ? text : null;
        }
        if (axis == SweepAxis.DramBandwidthGbps)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var gbps) && double.IsFinite(gbps) && gbps > 0
                ? gbps.ToString("R", CultureInfo.InvariantCulture) : null;
        }
        if (axis == SweepAxis.Batch || axis.Order < 100)
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : null;
        }
        // A hardware key path: the parameter's own type here, its range in Canonical (docs/hardware.md).
        var p = axis.Parameter!;
        switch (p.Kind)
        {
            case ParameterKind.Integer:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture) : null;
            case ParameterKind.Bytes:
                return YamlSection.TryParseBytes(text, out var bytes) ? bytes.ToString(CultureInfo.InvariantCulture) : null;
            case ParameterKind.Number:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
                    ? x.ToString("R", CultureInfo.InvariantCulture) : null;
            case ParameterKind.Boolean:
                return text is "true" or "false" ? text : null;
            default:
                return null;
        }
    }

    private static RandomSampling? ReadRandom(string file, YamlNode node, List<InputError> errors)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(At(file, node, $"'random' expected {{samples: N, seed: S}}"));
            return null;
        }
        int? samples = null;
        ulong seed = 0;
        foreach (var (k, v) in mapping.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "";
            var text = (v as YamlScalarNode)?.Value ?? "";
            if (key == "samples" && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0)
            {
                samples = s;
            }
            else if (key == "seed" && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seedValue))
            {
                seed = seedValue;
            }
            else if (key is "samples" or "seed")
            {
                errors.Add(At(file, v, $"'random.{key}' is {TextExcerpt.Quote(text)}; expected a {(key == "samples" ? "positive" : "non-negative")} integer"));
            }
            else
            {
                errors.Add(At(file, k, $"unknown key 'random.{key}'; expected samples or seed"));
            }
        }
        if (samples is null)
        {
            errors.Add(At(file, node, $"'random.samples' is missing; expected a positive integer"));
            return null;
        }
        return new RandomSampling(samples.Value, seed);
    }

    private static string Fingerprint(IReadOnlyList<AxisValues> axes, RandomSampling? random, string? hardware, SearchSettings? search)
    {
        var text = new StringBuilder("satsim-sweep-v1\n");
        foreach (var axis in axes)
        {
            text.Append(SweepAxes.Name(axis.Axis)).Append('=').AppendJoin('|', axis.Values).Append('\n');
        }
        if (random is not null)
        {
            text.Append($"random={random.Samples.ToString(CultureInfo.InvariantCulture)}/{random.Seed.ToString(CultureInfo.InvariantCulture)}\n");
        }
        if (search is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"search={search.Strategy}/{search.Budget}/{search.Objective}/{(search.Minimize ? "min" : "max")}/{search.Seed}/{search.Islands}\n");
        }
        if (hardware is not null && File.Exists(hardware))
        {
            text.Append("hardware=").Append(Convert.ToHexStringLower(SHA256.HashData(BoundedFile.ReadAllBytes(hardware, BoundedFile.TextLimit, "a hardware file")))).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Unknown keys of one mapping: the first <see cref="YamlSection.MaxUnknownKeys"/> reported one by one, the rest
    /// counted in one line (a wrongly named file is all unknown keys, and is not echoed entry by entry).
    /// </summary>
    private sealed class UnknownKeys(string file, string where, List<InputError> errors)
    {
        private int _count;
        private YamlNode? _firstUnshown;

        public void Add(YamlNode key, Func<InputError> error)
        {
            if (++_count <= YamlSection.MaxUnknownKeys)
            {
                errors.Add(error());
            }
            else
            {
                _firstUnshown ??= key;
            }
        }

        public void Finish()
        {
            if (_firstUnshown is not null)
            {
                errors.Add(At(file, _firstUnshown, $"{where}and {_count - YamlSection.MaxUnknownKeys} more unknown keys (not shown); is this the right file?"));
            }
        }
    }

    private static InputError At(string file, YamlNode node, string message) => new(file, (int)node.Start.Line, (int)node.Start.Column, message);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
