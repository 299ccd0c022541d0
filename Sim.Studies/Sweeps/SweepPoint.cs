using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sim.Studies.Sweeps;

/// <summary>
/// One design point of a sweep: a value for every axis the sweep file names (axes it does not name take
/// the base hardware's value). <see cref="Index"/> is its position in the stable expansion order;
/// <see cref="Id"/> is derived from its values only, so it names the same design in every shard and rerun.
/// </summary>
public sealed class SweepPoint
{
    public SweepPoint(int index, IReadOnlyDictionary<SweepAxis, string> values)
    {
        Index = index;
        Values = values;
        Key = string.Join(";", values.Keys.OrderBy(a => a.Order).ThenBy(a => a.Name, StringComparer.Ordinal).Select(a => $"{a.Name}={values[a]}"));
        Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..12];
    }

    public int Index { get; }

    /// <summary>The canonical text of the axis values ("model=...;batch=...;pe_rows=16").</summary>
    public string Key { get; }

    public string Id { get; }

    /// <summary>Axis values in canonical text form (invariant culture); only the swept axes are present.</summary>
    public IReadOnlyDictionary<SweepAxis, string> Values { get; }

    public string? Text(SweepAxis axis) => Values.TryGetValue(axis, out var v) ? v : null;

    public int? Integer(SweepAxis axis) => Values.TryGetValue(axis, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public double? Number(SweepAxis axis) => Values.TryGetValue(axis, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The value of a hardware axis as its parameter takes it (an integer, a byte count times the axis' scale, a
    /// number, a boolean or a name), or null when the axis is not in the point.
    /// </summary>
    public object? ParameterValue(SweepAxis axis)
    {
        if (axis.Parameter is not { } p || !Values.TryGetValue(axis, out var v))
        {
            return null;
        }
        return p.Kind switch
        {
            Sim.Components.Config.Schema.ParameterKind.Integer => int.Parse(v, CultureInfo.InvariantCulture) * (int)axis.Scale,
            Sim.Components.Config.Schema.ParameterKind.Bytes => checked(long.Parse(v, CultureInfo.InvariantCulture) * axis.Scale),
            Sim.Components.Config.Schema.ParameterKind.Number => double.Parse(v, CultureInfo.InvariantCulture),
            Sim.Components.Config.Schema.ParameterKind.Boolean => v == "true",
            _ => v,
        };
    }
}
