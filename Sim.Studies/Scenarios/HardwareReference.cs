using System.Globalization;
using System.Text;
using Sim.Components.Config;
using Sim.Components.Config.Schema;

namespace Sim.Studies.Scenarios;

/// <summary>
/// The two hand-readable views of <see cref="HardwareConfig.Schema"/>: docs/hardware.md (a table of every key
/// with its unit, range, default and meaning) and scenarios/hardware/sat-default.yaml (SAT's defaults with every
/// key spelled out). Both files are generated from here, never edited, and a test fails when the committed
/// copies differ (regenerate: <see cref="RegenerateCommand"/>).
/// </summary>
public static class HardwareReference
{
    /// <summary>The command that rewrites both files from the declarations.</summary>
    public const string RegenerateCommand = "SATSIM_REGENERATE=1 dotnet test tests/Sim.Studies.Tests -c Release --filter HardwareReferenceTests";

    /// <summary>Paths of the generated files, relative to the repository root.</summary>
    public static readonly string MarkdownPath = Path.Combine("docs", "hardware.md");

    public static readonly string DefaultYamlPath = Path.Combine("scenarios", "hardware", "sat-default.yaml");

    /// <summary>docs/hardware.md.</summary>
    public static string Markdown()
    {
        var s = new StringBuilder();
        s.Append("# Hardware parameters\n\n");
        s.Append("Every key of a scenario's `hardware:` section (also a stand-alone hardware file, `report.json`'s `hardware`\n");
        s.Append("section and a sweep axis by its key path, e.g. `buffers.input.capacity`). Generated from the parameter\n");
        s.Append("declarations beside the configuration records (`HardwareConfig.Schema` in `Sim.Components/Config`); do not edit:\n");
        s.Append($"`{RegenerateCommand}`.\n\n");
        s.Append("Origin: [paper], [note] and [model] as in [sat.md](sat.md) ([model] values are SatSim defaults to calibrate,\n");
        s.Append("not published facts); [JEDEC]: the DDR4-2400R speed bin of JESD79-4; [choice] is a user's choice with no default. Absent keys keep the default. Sizes in bytes\n");
        s.Append("also accept units (`512KiB`, `1MiB`). SAT's defaults with every key spelled out: `scenarios/hardware/sat-default.yaml`.\n");
        foreach (var top in HardwareConfig.Schema.Parameters.Where(p => p.Kind == ParameterKind.Block))
        {
            s.Append($"\n## `{top.Key}`: {top.Block!.Doc}\n\n");
            if (ReferenceEquals(top.Block, EnergyTable.Schema))
            {
                s.Append("Inline, or the path of a YAML file holding these keys (relative to the file that names it).\n\n");
            }
            else if (top.Block.Optional)
            {
                s.Append("Absent by default; writing it switches it on, starting from the defaults below.\n\n");
            }
            Table(s, top.Block, top.Get(HardwareConfig.Sat)!, top.Key);
        }
        s.Append("\n## Other keys\n\n");
        Header(s);
        foreach (var p in HardwareConfig.Schema.Parameters.Where(p => p.Kind != ParameterKind.Block))
        {
            Row(s, p.Key, p, p.Get(HardwareConfig.Sat));
        }
        return s.ToString();
    }

    private static void Header(StringBuilder s) => s.Append("| key | unit | range | default | origin | meaning |\n|---|---|---|---|---|---|\n");

    private static void Table(StringBuilder s, BlockSchema block, object value, string prefix)
    {
        Header(s);
        Rows(s, block, value, prefix);
    }

    private static void Rows(StringBuilder s, BlockSchema block, object? value, string prefix)
    {
        foreach (var p in block.Parameters)
        {
            var path = $"{prefix}.{p.Key}";
            var v = value is null ? null : p.Get(value);
            switch (p.Kind)
            {
                case ParameterKind.Block:
                    Rows(s, p.Block!, v ?? p.Block!.Default, path);
                    break;
                case ParameterKind.Map:
                    var costs = (IReadOnlyDictionary<string, VectorOpCost>)v!;
                    var listed = string.Join(", ", costs.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {Value(c.Value.CyclesPerElement)}/{c.Value.Latency}"));
                    s.Append($"| `{path}.KIND` | | | built in (cycles_per_element/latency): {listed} | {p.Origin} | {p.Doc}; each a block of {string.Join(", ", p.Block!.Keys.Select(k => $"`{k}`"))} |\n");
                    break;
                default:
                    Row(s, path, p, v);
                    break;
            }
        }
    }

    private static void Row(StringBuilder s, string path, HardwareParameter p, object? value)
    {
        var shown = p.Kind == ParameterKind.Text && value is null ? "none" : Value(value);
        s.Append($"| `{path}` | {p.Unit} | {p.RangeText} | {shown} | {p.Origin} | {p.Doc} |\n");
    }

    /// <summary>scenarios/hardware/sat-default.yaml.</summary>
    public static string DefaultYaml()
    {
        var lines = new List<(string Text, string Comment)>
        {
            ("hardware:", ""),
        };
        Yaml(lines, HardwareConfig.Schema, HardwareConfig.Sat, 1, commented: false);
        var width = lines.Max(l => l.Comment.Length == 0 ? 0 : l.Text.Length) + 2;
        var s = new StringBuilder();
        s.Append("# SAT's default hardware configuration, every key spelled out: a scenario that omits 'hardware' gets exactly\n");
        s.Append("# this. Usable as 'hardware: hardware/sat-default.yaml' or '--hardware'. Each comment: origin (docs/sat.md),\n");
        s.Append("# unit, accepted range, meaning. Generated from the parameter declarations (HardwareConfig.Schema); do not\n");
        s.Append($"# edit, regenerate: {RegenerateCommand}\n");
        foreach (var (text, comment) in lines)
        {
            s.Append(comment.Length == 0 ? text : text.PadRight(width) + "# " + comment).Append('\n');
        }
        return s.ToString();
    }

    private static void Yaml(List<(string, string)> lines, BlockSchema block, object value, int depth, bool commented)
    {
        var pad = new string(' ', 2 * depth);
        var hash = commented ? "# " : "";
        // A commented-out key keeps its indentation: deleting "# " switches it on.
        foreach (var p in block.Parameters)
        {
            var v = p.Get(value);
            switch (p.Kind)
            {
                case ParameterKind.Block:
                    var off = commented || v is null;
                    lines.Add(($"{pad}{(off ? "# " : "")}{p.Key}:", p.Block!.Doc));
                    Yaml(lines, p.Block, v ?? p.Block.Default, depth + 1, off);
                    break;
                case ParameterKind.Map:
                    lines.Add(($"{pad}{hash}{p.Key}:", $"{p.Origin} {p.Doc}"));
                    foreach (var (kind, cost) in ((IReadOnlyDictionary<string, VectorOpCost>)v!).OrderBy(c => c.Key, StringComparer.Ordinal))
                    {
                        var fields = string.Join(", ", p.Block!.Parameters.Select(x => $"{x.Key}: {Value(x.Get(cost))}"));
                        lines.Add(($"{pad}  {hash}{kind}: {{ {fields} }}", ""));
                    }
                    break;
                case ParameterKind.Text when v is null:
                    lines.Add(($"{pad}# {p.Key}: xcvu9p", $"{p.Origin} {p.Doc}"));
                    break;
                default:
                    var unit = p.Unit.Length == 0 ? "" : p.Unit + ", ";
                    var range = p.RangeText.Length == 0 ? "" : p.RangeText + ": ";
                    lines.Add(($"{pad}{hash}{p.Key}: {Value(v)}", $"{p.Origin} {unit}{range}{p.Doc}"));
                    break;
            }
        }
    }

    /// <summary>A value as scenarios write it: invariant numbers, lower-case booleans, whole KiB/MiB sizes with their unit.</summary>
    private static string Value(object? v) => v switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long bytes => HardwareParameter.Size(bytes),
        double d => HardwareParameter.Format(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}
