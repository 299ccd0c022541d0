using System.Globalization;
using Sim.Vocabulary.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// A YAML mapping with a fixed set of allowed keys and typed, range-checked accessors. Every problem
/// (unknown key, wrong type, value out of range, missing required key) is recorded in the
/// <see cref="YamlErrorCollector"/> with the node's line and column and the expected form, and the accessor
/// returns the default so reading continues and all errors surface together.
/// </summary>
public sealed class YamlSection
{
    private readonly YamlErrorCollector _errors;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    internal YamlSection(YamlErrorCollector errors, YamlMappingNode node, string path, IReadOnlyList<string> keys)
    {
        _errors = errors;
        Node = node;
        Path = path;
        var unknown = 0;
        YamlNode? firstUnshown = null;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !keys.Contains(name))
            {
                // A wrongly named file (a system file, a CSV) is all unknown keys: say so in a few lines, not one per entry.
                if (++unknown > MaxUnknownKeys)
                {
                    firstUnshown ??= key;
                    continue;
                }
                if (key is not YamlScalarNode { Value: { } plain })
                {
                    errors.Add(key, $"{Where()}: keys must be plain names");
                    continue;
                }
                var hint = Suggest(plain, keys);
                errors.Add(key, $"{Where()}: unknown key {TextExcerpt.Quote(plain, MaxKeyExcerpt)}; expected one of: {string.Join(", ", keys)}{(hint is null ? "" : $" (did you mean '{hint}'?)")}");
                continue;
            }
            _entries[name] = (key, value);
        }
        if (firstUnshown is not null)
        {
            errors.Add(firstUnshown, $"{Where()}: and {unknown - MaxUnknownKeys} more unknown keys (not shown); is this the right file?");
        }
    }

    /// <summary>Unknown keys of one mapping reported one by one; the rest are counted in one line.</summary>
    public const int MaxUnknownKeys = 3;

    /// <summary>Longest excerpt of an unknown key (keys are short names; a longer one is file content, e.g. a password line).</summary>
    public const int MaxKeyExcerpt = 32;

    public YamlMappingNode Node { get; }

    /// <summary>Dotted path of this mapping in the document (e.g. <c>hardware.dram</c>).</summary>
    public string Path { get; }

    public YamlErrorCollector Errors => _errors;

    public bool Has(string key) => _entries.ContainsKey(key) && !IsNull(_entries[key].Value);

    /// <summary>The value node of <paramref name="key"/>, or null when absent.</summary>
    public YamlNode? ValueNode(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    /// <summary>Start of the value of <paramref name="key"/> (or of this mapping when absent).</summary>
    public Mark MarkOf(string key) => _entries.TryGetValue(key, out var e) ? e.Value.Start : Node.Start;

    public string FieldName(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>Records that a required key is missing.</summary>
    public void Require(string key, string expected)
    {
        if (!Has(key))
        {
            _errors.Add(Node, $"{FieldName(key)}: missing; expected {expected}");
        }
    }

    /// <summary>Records an error about the value of <paramref name="key"/>.</summary>
    public void Error(string key, string message) => _errors.Add(MarkOf(key), $"{FieldName(key)}: {message}");

    public int Int(string key, int @default, int min, int max)
    {
        var value = Long(key, @default, min, max);
        return (int)value;
    }

    public long Long(string key, long @default, long min, long max)
    {
        if (!TryScalar(key, out var text, out var node))
        {
            return @default;
        }
        var expected = RangeText("an integer", min, max);
        if (!long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _errors.Add(node, $"{FieldName(key)}: expected {expected}, got {TextExcerpt.Quote(text)}");
            return @default;
        }
        if (value < min || value > max)
        {
            _errors.Add(node, $"{FieldName(key)}: {value} is out of range; expected {expected}");
            return @default;
        }
        return value;
    }

    /// <summary>A finite number in [min, max] (or (min, max] when <paramref name="exclusiveMin"/>).</summary>
    public double Double(string key, double @default, double min, double max, bool exclusiveMin = false)
    {
        if (!TryScalar(key, out var text, out var node))
        {
            return @default;
        }
        var lower = exclusiveMin ? $"greater than {Num(min)}" : $"at least {Num(min)}";
        var expected = double.IsPositiveInfinity(max) ? $"a number {lower}" : $"a number {lower} and at most {Num(max)}";
        if (!double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            _errors.Add(node, $"{FieldName(key)}: expected {expected}, got {TextExcerpt.Quote(text)}");
            return @default;
        }
        if ((exclusiveMin ? value <= min : value < min) || value > max)
        {
            _errors.Add(node, $"{FieldName(key)}: {TextExcerpt.Escape(text)} is out of range; expected {expected}");
            return @default;
        }
        return value;
    }

    public bool Bool(string key, bool @default)
    {
        if (!TryScalar(key, out var text, out var node))
        {
            return @default;
        }
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        _errors.Add(node, $"{FieldName(key)}: expected true or false, got {TextExcerpt.Quote(text)}");
        return @default;
    }

    public string? String(string key, string? @default)
    {
        return TryScalar(key, out var text, out _) ? text : @default;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive; returned in the allowed spelling).</summary>
    public string Choice(string key, string @default, IReadOnlyList<string> allowed)
    {
        if (!TryScalar(key, out var text, out var node))
        {
            return @default;
        }
        return MatchChoice(node, key, text, allowed) ?? @default;
    }

    /// <summary>A list of choices: a YAML sequence, or a single value as a one-element list.</summary>
    public IReadOnlyList<string> ChoiceList(string key, IReadOnlyList<string> @default, IReadOnlyList<string> allowed)
    {
        var node = ValueNode(key);
        if (node is null || IsNull(node))
        {
            return @default;
        }
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.ToList(),
            YamlScalarNode scalar => [scalar],
            _ => null,
        };
        if (items is null)
        {
            _errors.Add(node, $"{FieldName(key)}: expected a list of {string.Join(" | ", allowed)}, got {Kind(node)}");
            return @default;
        }
        var result = new List<string>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { } text })
            {
                _errors.Add(item, $"{FieldName(key)}: expected one of {string.Join(" | ", allowed)}, got {Kind(item)}");
                continue;
            }
            var choice = MatchChoice(item, key, text, allowed);
            if (choice is null)
            {
                continue;
            }
            if (result.Contains(choice))
            {
                _errors.Add(item, $"{FieldName(key)}: '{choice}' is listed twice; expected each at most once");
                continue;
            }
            result.Add(choice);
        }
        if (result.Count == 0 && items.Count == 0)
        {
            _errors.Add(node, $"{FieldName(key)}: the list is empty; expected at least one of {string.Join(" | ", allowed)}");
        }
        return result.Count == 0 ? @default : result;
    }

    /// <summary>
    /// A size in bytes: an integer, or a number with a unit B, KiB, MiB, GiB (also KB, MB, GB as powers of 1000),
    /// e.g. <c>512KiB</c>, <c>1.5 MiB</c>.
    /// </summary>
    public long Bytes(string key, long @default, long min, long max)
    {
        if (!TryScalar(key, out var text, out var node))
        {
            return @default;
        }
        const string Expected = "a size in bytes such as 1048576, 512KiB or 1MiB";
        if (!TryParseBytes(text, out var value))
        {
            _errors.Add(node, $"{FieldName(key)}: expected {Expected}, got {TextExcerpt.Quote(text)}");
            return @default;
        }
        if (value < min || value > max)
        {
            _errors.Add(node, $"{FieldName(key)}: {TextExcerpt.Escape(text)} is out of range; expected {Expected} from {min} to {max} bytes");
            return @default;
        }
        return value;
    }

    /// <summary>A nested mapping, or null when absent (or not a mapping, which is recorded).</summary>
    public YamlSection? Section(string key, IReadOnlyList<string> keys)
    {
        var node = ValueNode(key);
        if (node is null || IsNull(node))
        {
            return null;
        }
        return _errors.Section(node, FieldName(key), keys);
    }

    /// <summary>Keys present in this mapping, in document order.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        var t = text.Trim().Replace("_", "", StringComparison.Ordinal);
        var split = 0;
        while (split < t.Length && (char.IsAsciiDigit(t[split]) || t[split] == '.'))
        {
            split++;
        }
        if (split == 0 || !double.TryParse(t[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        double scale = t[split..].Trim() switch
        {
            "" or "B" => 1,
            "KiB" => 1024,
            "MiB" => 1024 * 1024,
            "GiB" => 1024.0 * 1024 * 1024,
            "KB" or "kB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            _ => double.NaN,
        };
        var value = number * scale;
        if (!double.IsFinite(value) || value > long.MaxValue || value != Math.Floor(value))
        {
            return false;
        }
        bytes = (long)value;
        return true;
    }

    internal static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsNull(s) => "nothing",
        YamlScalarNode s => TextExcerpt.Quote(s.Value),
        _ => "an alias",
    };

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } s && (s.Value is null || s.Value is "" or "~" or "null" or "Null" or "NULL");

    /// <summary>The trimmed text of <paramref name="key"/>'s value; false when absent or null (a non-scalar value is recorded as an error).</summary>
    internal bool TryScalar(string key, out string text, out YamlNode node)
    {
        text = "";
        node = Node;
        if (!_entries.TryGetValue(key, out var entry) || IsNull(entry.Value))
        {
            return false;
        }
        node = entry.Value;
        if (entry.Value is not YamlScalarNode { Value: { } value })
        {
            _errors.Add(entry.Value, $"{FieldName(key)}: expected a single value, got {Kind(entry.Value)}");
            return false;
        }
        text = value.Trim();
        return true;
    }

    private string? MatchChoice(YamlNode node, string key, string text, IReadOnlyList<string> allowed)
    {
        foreach (var option in allowed)
        {
            if (string.Equals(option, text, StringComparison.OrdinalIgnoreCase))
            {
                return option;
            }
        }
        var hint = Suggest(text, allowed);
        _errors.Add(node, $"{FieldName(key)}: {TextExcerpt.Quote(text)} is not allowed; expected one of: {string.Join(", ", allowed)}{(hint is null ? "" : $" (did you mean '{hint}'?)")}");
        return null;
    }

    private string Where() => YamlErrorCollector.Describe(Path);

    private static string RangeText(string what, long min, long max) =>
        max == long.MaxValue || max == int.MaxValue ? $"{what} >= {min}" : $"{what} from {min} to {max}";

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The closest allowed word within edit distance 2, for "did you mean" hints.</summary>
    internal static string? Suggest(string word, IEnumerable<string> options)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var option in options)
        {
            var d = Distance(word.ToLowerInvariant(), option.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = option;
            }
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
