namespace Sim.Components.Config.Schema;

/// <summary>
/// The parameters of one hardware block (a configuration record, or a group of its properties such as
/// <c>array</c>), in the order scenarios, reports and docs list them, with the block's default value.
/// </summary>
public sealed class BlockSchema
{
    internal BlockSchema(string name, string doc, object @default, bool optional, IReadOnlyList<HardwareParameter> parameters)
    {
        Name = name;
        Doc = doc;
        Default = @default;
        Optional = optional;
        Parameters = parameters;
        Keys = parameters.Select(p => p.Key).ToArray();
    }

    public string Name { get; }

    /// <summary>One line saying what the block is.</summary>
    public string Doc { get; }

    /// <summary>The value a scenario starts from when it writes the block (SAT's default, or the block's defaults when optional).</summary>
    public object Default { get; }

    /// <summary>True when the block is absent by default (null) and switched on by writing it.</summary>
    public bool Optional { get; }

    public IReadOnlyList<HardwareParameter> Parameters { get; }

    /// <summary>The scenario keys, in order.</summary>
    public IReadOnlyList<string> Keys { get; }

    public HardwareParameter? Find(string key) => Parameters.FirstOrDefault(p => p.Key == key);

    /// <summary>
    /// <paramref name="value"/> as a nested mapping with exactly this block's scenario keys, in order (an absent
    /// name is left out, an absent optional block is null, a map is sorted by name). report.json writes its
    /// hardware section with it, so that section read back as a hardware file gives the same configuration.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Describe(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var described = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            var v = p.Get(value);
            switch (p.Kind)
            {
                case ParameterKind.Text when v is null:
                    continue;
                case ParameterKind.Block:
                    described[p.Key] = v is null ? null : p.Block!.Describe(v);
                    break;
                case ParameterKind.Map:
                    var map = (System.Collections.IEnumerable)v!;
                    var sorted = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var entry in map)
                    {
                        var (k, e) = Entry(entry);
                        sorted[k] = p.Block!.Describe(e);
                    }
                    described[p.Key] = sorted;
                    break;
                default:
                    described[p.Key] = v;
                    break;
            }
        }
        return described;
    }

    /// <summary>
    /// Checks every numeric parameter of <paramref name="value"/> against its declared range
    /// (<see cref="HardwareParameter.Check"/>), nested blocks and map entries included, and adds one problem per
    /// value outside it, named by its key path under <paramref name="prefix"/> (e.g. <c>buffers.input.banks</c>,
    /// <c>vector.costs.relu.latency</c>); a missing (null) block that is not optional is a problem too.
    /// </summary>
    public void Check(object value, string prefix, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var p in Parameters)
        {
            var path = prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}";
            var v = p.Get(value);
            switch (p.Kind)
            {
                case ParameterKind.Integer or ParameterKind.Bytes or ParameterKind.Number:
                    if (p.Check(path, Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)) is { } problem)
                    {
                        problems.Add(problem);
                    }
                    break;
                case ParameterKind.Block when v is null:
                    if (!p.Optional)
                    {
                        problems.Add($"{path}: missing");
                    }
                    break;
                case ParameterKind.Block:
                    p.Block!.Check(v, path, problems);
                    break;
                case ParameterKind.Map when v is null:
                    problems.Add($"{path}: missing");
                    break;
                case ParameterKind.Map:
                    var entries = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var entry in (System.Collections.IEnumerable)v)
                    {
                        var (k, e) = Entry(entry);
                        entries[k] = e;
                    }
                    foreach (var (k, e) in entries)
                    {
                        if (e is null)
                        {
                            problems.Add($"{path}.{k}: missing");
                        }
                        else
                        {
                            p.Block!.Check(e, $"{path}.{k}", problems);
                        }
                    }
                    break;
            }
        }
    }

    /// <summary>The leaf parameter at a dotted key path ("buffers.input.capacity"), or null.</summary>
    public HardwareParameter? Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var p = Find(dot < 0 ? path : path[..dot]);
        return p switch
        {
            null => null,
            { Kind: ParameterKind.Block } when dot >= 0 => p.Block!.Resolve(path[(dot + 1)..]),
            { Kind: ParameterKind.Block or ParameterKind.Map } => null,
            _ when dot >= 0 => null,
            _ => p,
        };
    }

    /// <summary>
    /// A copy of <paramref name="value"/> with the leaf parameter at <paramref name="path"/> set to <paramref name="leaf"/>;
    /// setting a parameter of an absent optional block switches the block on with its defaults.
    /// </summary>
    public object With(object value, string path, object? leaf)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(path);
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var p = Find(dot < 0 ? path : path[..dot]) ?? throw new ArgumentException($"{Name} has no parameter '{path}'", nameof(path));
        if (dot < 0)
        {
            return p.With(value, leaf);
        }
        if (p.Kind != ParameterKind.Block)
        {
            throw new ArgumentException($"{Name}.{p.Key} is not a block", nameof(path));
        }
        return p.With(value, p.Block!.With(p.Get(value) ?? p.Block.Default, path[(dot + 1)..], leaf));
    }

    /// <summary>Every leaf parameter with its dotted key path ("buffers.input.capacity"), maps excluded, in order.</summary>
    public IEnumerable<(string Path, HardwareParameter Parameter)> Leaves(string prefix = "")
    {
        foreach (var p in Parameters)
        {
            var path = prefix.Length == 0 ? p.Key : $"{prefix}.{p.Key}";
            if (p.Kind == ParameterKind.Block)
            {
                foreach (var leaf in p.Block!.Leaves(path))
                {
                    yield return leaf;
                }
            }
            else if (p.Kind != ParameterKind.Map)
            {
                yield return (path, p);
            }
        }
    }

    private static (string Key, object Value) Entry(object entry)
    {
        var type = entry.GetType();
        return ((string)type.GetProperty("Key")!.GetValue(entry)!, type.GetProperty("Value")!.GetValue(entry)!);
    }
}
