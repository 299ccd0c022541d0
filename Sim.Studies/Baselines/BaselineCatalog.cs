using Sim.Vocabulary.IO;
using System.Globalization;
using Sim.Studies.Errors;
using Sim.Studies.Output;

namespace Sim.Studies.Baselines;

/// <summary>
/// Loads the data file of published FPGA training accelerators (<c>data/fpga-baselines.csv</c>). The
/// file is plain CSV with a header so that adding a publication is one line; '#' lines are comments.
/// Every problem is reported as one line naming the file, line and field.
/// </summary>
public static class BaselineCatalog
{
    /// <summary>The columns, in the order the file must list them.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "name", "citation", "platform", "precision", "clock_mhz", "dsps", "workload",
        "throughput_gops", "power_w", "energy_efficiency_gops_per_w", "notes",
    ];

    /// <summary>Where the build copies the project's data file: next to the <c>satsim</c> binary.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "fpga-baselines.csv");

    public static IReadOnlyList<BaselineRecord> Load(string path)
    {
        if (Sim.Vocabulary.IO.InputPath.Problem(path) is { } problem)
        {
            throw new SatSimInputException(path, problem == Sim.Vocabulary.IO.InputPath.NotFound ? "baseline data file not found" : $"{problem}; expected a baseline table (CSV)");
        }
        string[] lines;
        try
        {
            lines = Sim.Vocabulary.IO.BoundedFile.ReadAllLines(path, Sim.Vocabulary.IO.BoundedFile.TableLimit, "a baseline table");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SatSimInputException(path, e is Sim.Vocabulary.IO.InputTooLargeException ? "larger than 64 MiB, the limit for a baseline table" : $"cannot be read: {e.Message}");
        }
        return Parse(lines, path);
    }

    public static IReadOnlyList<BaselineRecord> Parse(IReadOnlyList<string> lines, string file)
    {
        var records = new List<BaselineRecord>();
        var headerSeen = false;
        for (var index = 0; index < lines.Count; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index];
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
                throw new SatSimInputException(file, lineNumber, 0, $"{e.Message}");
            }
            if (!headerSeen)
            {
                CheckHeader(fields, file, lineNumber);
                headerSeen = true;
                continue;
            }
            if (fields.Count != Columns.Count)
            {
                throw new SatSimInputException(file, lineNumber, 0, $"expected {Columns.Count} fields ({string.Join(",", Columns)}), found {fields.Count}");
            }
            records.Add(ParseRecord(fields, file, lineNumber));
        }
        if (!headerSeen)
        {
            throw new SatSimInputException(file, $"no header line; expected '{string.Join(",", Columns)}'");
        }
        return records;
    }

    private static void CheckHeader(List<string> fields, string file, int line)
    {
        for (var i = 0; i < Math.Max(fields.Count, Columns.Count); i++)
        {
            var found = i < fields.Count ? fields[i].Trim() : "(nothing)";
            var expected = i < Columns.Count ? Columns[i] : "(end of line)";
            if (found != expected)
            {
                throw new SatSimInputException(file, line, 0, $"header column {i + 1} is {Sim.Vocabulary.IO.TextExcerpt.Quote(found)}, expected '{expected}' (header: {string.Join(",", Columns)})");
            }
        }
    }

    private static BaselineRecord ParseRecord(List<string> f, string file, int line)
    {
        string Text(int i, bool required)
        {
            var value = f[i].Trim();
            if (required && value.Length == 0)
            {
                throw new SatSimInputException(file, line, 0, $"field '{Columns[i]}' is empty; expected text");
            }
            return value;
        }

        double? Number(int i)
        {
            var value = f[i].Trim();
            if (value.Length == 0)
            {
                return null;
            }
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number) || number <= 0)
            {
                throw new SatSimInputException(file, line, 0, $"field '{Columns[i]}' is {Sim.Vocabulary.IO.TextExcerpt.Quote(value)}; expected a positive number or empty when not reported");
            }
            return number;
        }

        int? Integer(int i)
        {
            var value = f[i].Trim();
            if (value.Length == 0)
            {
                return null;
            }
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                throw new SatSimInputException(file, line, 0, $"field '{Columns[i]}' is {Sim.Vocabulary.IO.TextExcerpt.Quote(value)}; expected a positive integer or empty when not reported");
            }
            return number;
        }

        return new BaselineRecord(
            Name: Text(0, required: true),
            Citation: Text(1, required: true),
            Platform: Text(2, required: true),
            Precision: Text(3, required: false),
            ClockMhz: Number(4),
            Dsps: Integer(5),
            Workload: Text(6, required: false),
            ThroughputGops: Number(7),
            PowerW: Number(8),
            EnergyEfficiencyGopsPerW: Number(9),
            Notes: Text(10, required: false),
            Line: line);
    }
}
