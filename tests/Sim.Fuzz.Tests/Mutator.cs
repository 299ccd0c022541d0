using CsCheck;

namespace Sim.Fuzz.Tests;

/// <summary>
/// Generates hostile inputs from a corpus of valid ones: each sample takes one valid file and applies a few
/// edits (insert a hostile token, delete or duplicate a span, flip a byte, truncate), the way a fuzzer mutates
/// seeds. Tokens are what breaks parsers: huge and negative numbers, non-finite values, unbalanced brackets,
/// deep nesting, path escapes, terminal escape sequences, invisible characters, endless-looking lines.
/// </summary>
internal static class Mutator
{
    public static readonly string[] Tokens =
    [
        "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "99999999999999999999",
        "1e308", "1e-300", "-0", "NaN", ".nan", ".inf", "-.inf", "Infinity", "~", "null", "true", "0x10", "1_000",
        "[", "]", "{", "}", ":", ": ", ", ", ",", "\n", "\n  ", "\n- ", "- ", "'", "\"", "&a ", "*a", "!!binary ", "!!str ",
        "<<: *a\n", "? ", "|\n  ", ">\n  ", "%YAML 1.2\n---\n", "---\n", "...\n", "#", "\t", "\r\n", "\r", "\\",
        "../../../../tmp/satsim-fuzz-escape", "/etc/passwd", "/dev/zero", "/", ".", "..", "C:\\Windows",
        "\u001b[31m", "\u001b]0;title\u0007", "\u0000", "\u202e", "\ufeff", "\u00e9", "\ud83d\ude00", "\ud800",
        "2:8", "0:0", "9:4", "1:65536", "mnist", "timing-only", "dense", "bdwp", "hardware", "energy", "include",
        "batch", "KiB", "GiB", "1e3MiB", "99999999GiB",
        new string('x', 5000), string.Concat(Enumerable.Repeat("[", 300)), string.Concat(Enumerable.Repeat("{a: ", 300)),
        string.Concat(Enumerable.Repeat("- ", 200)),
    ];

    /// <summary>One edit: what, where (fraction of the length), which token, how long a span.</summary>
    public readonly record struct Edit(int Kind, double At, int Token, int Span, byte Value);

    private static readonly Gen<Edit> EditGen =
        Gen.Select(Gen.Int[0, 6], Gen.Double[0, 1], Gen.Int[0, Tokens.Length - 1], Gen.Int[1, 64], Gen.Byte)
            .Select(t => new Edit(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));

    /// <summary>A corpus entry with 1 to 6 edits applied (sometimes none: valid inputs must stay valid).</summary>
    public static Gen<string> Text(IReadOnlyList<string> corpus) =>
        Gen.Select(Gen.Int[0, corpus.Count - 1], EditGen.Array[0, 6])
            .Select(t => Apply(corpus[t.Item1], t.Item2));

    /// <summary>Binary variant: edits on bytes (tokens inserted as UTF-8).</summary>
    public static Gen<byte[]> Bytes(IReadOnlyList<byte[]> corpus) =>
        Gen.Select(Gen.Int[0, corpus.Count - 1], EditGen.Array[0, 6])
            .Select(t => Apply(corpus[t.Item1], t.Item2));

    public static string Apply(string text, IEnumerable<Edit> edits)
    {
        foreach (var e in edits)
        {
            var at = (int)(e.At * text.Length);
            var end = Math.Min(text.Length, at + e.Span);
            text = e.Kind switch
            {
                0 or 1 => text.Insert(at, Tokens[e.Token]),
                2 => text.Remove(at, end - at),
                3 => text.Insert(at, text[at..end]),
                4 => text[..at],
                5 => at < text.Length ? text.Remove(at, 1).Insert(at, ((char)(text[at] ^ (e.Value & 0x3f))).ToString()) : text,
                _ => text.Insert(at, text[at..end] + text[at..end] + text[at..end]),
            };
        }
        return text;
    }

    public static byte[] Apply(byte[] bytes, IEnumerable<Edit> edits)
    {
        var list = new List<byte>(bytes);
        foreach (var e in edits)
        {
            var at = (int)(e.At * list.Count);
            var end = Math.Min(list.Count, at + e.Span);
            switch (e.Kind)
            {
                case 0:
                    list.InsertRange(at, System.Text.Encoding.UTF8.GetBytes(Tokens[e.Token]));
                    break;
                case 1:
                    if (at < list.Count) list[at] = e.Value;
                    break;
                case 2:
                    list.RemoveRange(at, end - at);
                    break;
                case 3:
                    list.InsertRange(at, list.GetRange(at, end - at));
                    break;
                case 4:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 5:
                    for (var i = at; i < end; i++) list[i] = 0xFF;
                    break;
                default:
                    if (at + 4 <= list.Count)
                    {
                        // A size field: the largest or a negative 32-bit value, big-endian (IDX headers).
                        var v = (e.Value & 1) == 0 ? int.MaxValue : -1;
                        list[at] = (byte)(v >> 24); list[at + 1] = (byte)(v >> 16); list[at + 2] = (byte)(v >> 8); list[at + 3] = (byte)v;
                    }
                    break;
            }
        }
        return [.. list];
    }
}
