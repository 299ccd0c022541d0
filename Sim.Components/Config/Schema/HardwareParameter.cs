using System.Globalization;

namespace Sim.Components.Config.Schema;

/// <summary>
/// One hardware parameter, declared once beside its configuration record: its scenario key, the record
/// property it sets (<see cref="Field"/>), unit, physical range, where its default comes from and a one-line
/// description. The range is checked in one place, <see cref="Check"/>: <see cref="HardwareConfig.Validate"/>
/// (through <see cref="BlockSchema.Check"/>), the scenario reader and sweep axes all call it, so they accept the
/// same values and word a refusal the same way. <c>report.json</c>'s hardware section, docs/hardware.md and
/// scenarios/hardware/sat-default.yaml are derived from these declarations too.
/// </summary>
public sealed class HardwareParameter
{
    private readonly Func<object, object?> _get;
    private readonly Func<object, object?, object> _with;

    internal HardwareParameter(string key, string field, ParameterKind kind, string unit, double min, double max, string origin, string doc,
        Func<object, object?> get, Func<object, object?, object> with, BlockSchema? block = null)
    {
        Key = key;
        Field = field;
        Kind = kind;
        Unit = unit;
        Min = min;
        Max = max;
        Origin = origin;
        Doc = doc;
        _get = get;
        _with = with;
        Block = block;
    }

    /// <summary>The scenario key (snake_case), e.g. <c>capacity</c>.</summary>
    public string Key { get; }

    /// <summary>The record property it sets, e.g. <c>CapacityBytes</c>; empty for a group without a property of its own.</summary>
    public string Field { get; }

    public ParameterKind Kind { get; }

    /// <summary>Unit of the value ("" for counts and switches).</summary>
    public string Unit { get; }

    /// <summary>Smallest accepted value (numeric kinds).</summary>
    public double Min { get; }

    /// <summary>Largest accepted value (numeric kinds).</summary>
    public double Max { get; }

    /// <summary>Where the default comes from: [paper], [note] or [model] (docs/sat.md), [JEDEC] (the DDR4 standard) or [choice] (no default).</summary>
    public string Origin { get; }

    /// <summary>One line saying what the parameter is.</summary>
    public string Doc { get; }

    /// <summary>The schema of the nested block (<see cref="ParameterKind.Block"/>) or of each entry (<see cref="ParameterKind.Map"/>).</summary>
    public BlockSchema? Block { get; }

    /// <summary>True when the value may be absent (null): an optional block or a name.</summary>
    public bool Optional => Kind == ParameterKind.Text || (Kind == ParameterKind.Block && Block is { Optional: true });

    /// <summary>The parameter's value in <paramref name="owner"/> (a record of the declaring block).</summary>
    public object? Get(object owner) => _get(owner ?? throw new ArgumentNullException(nameof(owner)));

    /// <summary>A copy of <paramref name="owner"/> with the parameter set to <paramref name="value"/>.</summary>
    public object With(object owner, object? value) => _with(owner ?? throw new ArgumentNullException(nameof(owner)), value);

    /// <summary>Whether a numeric value lies in the physical range (NaN never does).</summary>
    public bool InRange(double value) => value >= Min && value <= Max;

    /// <summary>
    /// The one range check: null when <paramref name="value"/> lies in [<see cref="Min"/>, <see cref="Max"/>],
    /// otherwise the problem as every caller reports it, "<c>PATH: VALUE is out of range; expected EXPECTED</c>"
    /// (e.g. <c>array.rows: 0 is out of range; expected an integer from 1 to 4096 (PEs)</c>). <paramref name="path"/>
    /// is the key path as the caller's input spells it; <paramref name="written"/> is the value as written there
    /// (default: the number in invariant form). Kinds without a range always pass.
    /// </summary>
    public string? Check(string path, double value, string? written = null)
    {
        if (Kind is not (ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number) || InRange(value))
        {
            return null;
        }
        written ??= Kind == ParameterKind.Number || !double.IsFinite(value) || Math.Abs(value) >= 1e18
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : ((long)value).ToString(CultureInfo.InvariantCulture);
        return $"{path}: {written} is out of range; expected {Expected}";
    }

    /// <summary>What a value must be, as messages write it: "an integer from 1 to 4096 (PEs)", "a size in bytes from 1 to 1024GiB (e.g. 65536 or 64KiB)".</summary>
    public string Expected => Kind switch
    {
        ParameterKind.Integer => $"an integer from {RangeText}{UnitSuffix}",
        ParameterKind.Bytes => $"a size in bytes from {RangeText} (e.g. 65536 or 64KiB)",
        ParameterKind.Number => $"a number from {RangeText}{UnitSuffix}",
        ParameterKind.Boolean => "true or false",
        ParameterKind.Text => "a name",
        _ => $"a mapping with {string.Join(", ", Block?.Keys ?? [])}",
    };

    private string UnitSuffix => Unit.Length == 0 ? "" : $" ({Unit})";

    /// <summary>The range as docs and messages write it, e.g. "1 to 4096".</summary>
    public string RangeText => Kind switch
    {
        ParameterKind.Bytes => $"{Size((long)Min)} to {Size((long)Max)}",
        ParameterKind.Integer or ParameterKind.Number => $"{Format(Min)} to {Format(Max)}",
        ParameterKind.Boolean => "true or false",
        _ => "",
    };

    /// <summary>A number as docs and generated files write it: shortest round-trip form, never an exponent.</summary>
    public static string Format(double value) => value != 0 && Math.Abs(value) < 1e-3
        ? value.ToString("0.##########", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Bytes with the largest binary unit that divides them exactly (1024GiB, 1MiB, 512KiB, 100).</summary>
    public static string Size(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30}GiB"
        : bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20}MiB"
        : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? $"{bytes >> 10}KiB"
        : bytes.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => Key;
}
