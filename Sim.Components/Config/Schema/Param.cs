namespace Sim.Components.Config.Schema;

/// <summary>
/// Typed builders for <see cref="BlockSchema"/> declarations, so a block states each parameter's key, property,
/// unit, range, origin and description once, with a getter and a <c>with</c> setter on its own record type.
/// </summary>
public static class Param
{
    public static BlockSchema Block<T>(string name, string doc, T @default, params HardwareParameter[] parameters) where T : class =>
        new(name, doc, @default, optional: false, parameters);

    /// <summary>A block that is absent (null) by default; writing it in a scenario switches it on, starting from <paramref name="defaults"/>.</summary>
    public static BlockSchema OptionalBlock<T>(string name, string doc, T defaults, params HardwareParameter[] parameters) where T : class =>
        new(name, doc, defaults, optional: true, parameters);

    public static HardwareParameter Integer<T>(string key, string field, string unit, long min, long max, string origin, string doc, Func<T, int> get, Func<T, int, T> with) =>
        new(key, field, ParameterKind.Integer, unit, min, max, origin, doc, o => get((T)o), (o, v) => with((T)o, Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))!);

    public static HardwareParameter Bytes<T>(string key, string field, long min, long max, string origin, string doc, Func<T, long> get, Func<T, long, T> with) =>
        new(key, field, ParameterKind.Bytes, "bytes", min, max, origin, doc, o => get((T)o), (o, v) => with((T)o, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))!);

    public static HardwareParameter Number<T>(string key, string field, string unit, double min, double max, string origin, string doc, Func<T, double> get, Func<T, double, T> with) =>
        new(key, field, ParameterKind.Number, unit, min, max, origin, doc, o => get((T)o), (o, v) => with((T)o, Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))!);

    public static HardwareParameter Boolean<T>(string key, string field, string origin, string doc, Func<T, bool> get, Func<T, bool, T> with) =>
        new(key, field, ParameterKind.Boolean, "", 0, 1, origin, doc, o => get((T)o), (o, v) => with((T)o, (bool)v!)!);

    public static HardwareParameter Text<T>(string key, string field, string origin, string doc, Func<T, string?> get, Func<T, string?, T> with) =>
        new(key, field, ParameterKind.Text, "", 0, 0, origin, doc, o => get((T)o), (o, v) => with((T)o, (string?)v)!);

    /// <summary>A nested block held in property <paramref name="field"/> (empty when the block groups properties of <typeparamref name="T"/> itself).</summary>
    public static HardwareParameter Nested<T, TBlock>(string key, string field, BlockSchema block, Func<T, TBlock?> get, Func<T, TBlock?, T> with) where TBlock : class =>
        new(key, field, ParameterKind.Block, "", 0, 0, "", block.Doc, o => get((T)o), (o, v) => with((T)o, (TBlock?)v)!, block);

    /// <summary>A mapping from names to blocks of <paramref name="entry"/>'s schema.</summary>
    public static HardwareParameter Map<T, TEntry>(string key, string field, string doc, BlockSchema entry, Func<T, IReadOnlyDictionary<string, TEntry>> get, Func<T, IReadOnlyDictionary<string, TEntry>, T> with) =>
        new(key, field, ParameterKind.Map, "", 0, 0, "[model]", doc, o => get((T)o), (o, v) => with((T)o, (IReadOnlyDictionary<string, TEntry>)v!)!, entry);
}
