using Sim.Vocabulary.IO;
using System.Globalization;
using System.Reflection;

namespace Sim.Components.Cost;

/// <summary>
/// The catalog of FPGA devices (<c>data/devices.csv</c>, embedded in this assembly so every tool sees the same rows;
/// <see cref="Load"/> reads another file). Plain CSV with a header, '#' lines are comments, one device per line, so
/// adding a device is adding a line. Every problem names the file, line and column.
/// </summary>
public sealed class DeviceCatalog
{
    /// <summary>The columns, in the order the file must list them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "device", "vendor", "family", "part", "board", "luts", "ffs", "dsps", "dsp_kind", "bram_kind", "bram_blocks",
        "uram_blocks", "memory", "memory_channels", "memory_gbps_per_channel", "memory_pj_per_bit", "fpga_static_w",
        "board_static_w", "energy_scale", "resource_source", "memory_source", "power_source",
    ];

    private static readonly Lazy<DeviceCatalog> BuiltInCatalog = new(LoadBuiltIn);

    private readonly Dictionary<string, FpgaDevice> _byName;

    private DeviceCatalog(IReadOnlyList<FpgaDevice> devices)
    {
        Devices = devices;
        _byName = devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
    }

    /// <summary>The devices in file order.</summary>
    public IReadOnlyList<FpgaDevice> Devices { get; }

    /// <summary>The project's catalog (<c>data/devices.csv</c> as built into this assembly).</summary>
    public static DeviceCatalog BuiltIn => BuiltInCatalog.Value;

    /// <summary>The device of a name (lower case, as in the file), or null.</summary>
    public FpgaDevice? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The device of a name; throws <see cref="KeyNotFoundException"/> listing the known names.</summary>
    public FpgaDevice Get(string name) => Find(name)
        ?? throw new KeyNotFoundException($"unknown device '{name}'; expected one of {string.Join(", ", Devices.Select(d => d.Name))}");

    /// <summary>Reads a catalog file; throws <see cref="DeviceCatalogException"/> naming file, line and column.</summary>
    public static DeviceCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeviceCatalogException($"{path}: device catalog not found");
        }
        return Parse(File.ReadAllLines(path), path);
    }

    /// <summary>Parses catalog lines; <paramref name="file"/> names them in errors.</summary>
    public static DeviceCatalog Parse(IReadOnlyList<string> lines, string file)
    {
        var devices = new List<FpgaDevice>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var header = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = $"{file}:{i + 1}";
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            List<string> fields;
            try
            {
                fields = CsvLine.Split(line);
            }
            catch (FormatException e)
            {
                throw new DeviceCatalogException($"{at}: {e.Message}");
            }
            if (!header)
            {
                if (!fields.Select(f => f.Trim()).SequenceEqual(Columns))
                {
                    throw new DeviceCatalogException($"{at}: header must be '{string.Join(",", Columns)}'");
                }
                header = true;
                continue;
            }
            if (fields.Count != Columns.Count)
            {
                throw new DeviceCatalogException($"{at}: expected {Columns.Count} fields ({string.Join(",", Columns)}), found {fields.Count}");
            }
            var device = ParseRow(fields, at);
            if (!names.Add(device.Name))
            {
                throw new DeviceCatalogException($"{at}: device '{device.Name}' is listed twice");
            }
            devices.Add(device);
        }
        if (!header)
        {
            throw new DeviceCatalogException($"{file}: no header line; expected '{string.Join(",", Columns)}'");
        }
        return new DeviceCatalog(devices);
    }

    private static FpgaDevice ParseRow(List<string> f, string at)
    {
        string Text(int column)
        {
            var v = f[column].Trim();
            return v.Length > 0 ? v : throw new DeviceCatalogException($"{at}: column '{Columns[column]}' is empty");
        }
        long Count(int column, long min)
        {
            var v = Text(column);
            return long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var x) && x >= min && x <= 1L << 40
                ? x
                : throw new DeviceCatalogException($"{at}: column '{Columns[column]}' must be a whole number >= {min} (got '{v}')");
        }
        double Number(int column, bool positive)
        {
            var v = Text(column);
            return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) && (positive ? x > 0 : x >= 0)
                ? x
                : throw new DeviceCatalogException($"{at}: column '{Columns[column]}' must be a finite number {(positive ? "> 0" : ">= 0")} (got '{v}')");
        }
        var name = Text(0);
        if (name != name.ToLowerInvariant() || name.Any(char.IsWhiteSpace))
        {
            throw new DeviceCatalogException($"{at}: column 'device' must be a lower-case name without spaces (got '{name}')");
        }
        var dspKind = Text(8) switch
        {
            "dsp48e1" => DspKind.Dsp48E1,
            "dsp48e2" => DspKind.Dsp48E2,
            "s10_vpdsp" => DspKind.Stratix10VariablePrecision,
            var other => throw new DeviceCatalogException($"{at}: column 'dsp_kind' must be dsp48e1, dsp48e2 or s10_vpdsp (got '{other}')"),
        };
        var bramKind = Text(9) switch
        {
            "bram36" => BlockRamKind.Bram36,
            "m20k" => BlockRamKind.M20K,
            var other => throw new DeviceCatalogException($"{at}: column 'bram_kind' must be bram36 or m20k (got '{other}')"),
        };
        return new FpgaDevice
        {
            Name = name,
            Vendor = Text(1),
            Family = Text(2),
            Part = Text(3),
            Board = Text(4),
            Luts = Count(5, 1),
            FlipFlops = Count(6, 1),
            Dsps = Count(7, 1),
            DspKind = dspKind,
            BramKind = bramKind,
            BramBlocks = Count(10, 1),
            UramBlocks = Count(11, 0),
            Memory = Text(12),
            MemoryChannels = (int)Math.Min(Count(13, 1), 1024),
            MemoryGBpsPerChannel = Number(14, true),
            MemoryPjPerBit = Number(15, false),
            FpgaStaticW = Number(16, false),
            BoardStaticW = Number(17, false),
            EnergyScale = Number(18, true),
            ResourceSource = Text(19),
            MemorySource = Text(20),
            PowerSource = Text(21),
        };
    }

    private static DeviceCatalog LoadBuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Sim.Components.devices.csv")
            ?? throw new InvalidOperationException("the built-in device catalog (data/devices.csv) is missing from Sim.Components");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return Parse(lines, "data/devices.csv");
    }
}
