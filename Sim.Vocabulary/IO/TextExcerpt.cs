using System.Globalization;
using System.Text;

namespace Sim.Vocabulary.IO;

/// <summary>
/// Makes file content safe to echo in an error message: at most a short excerpt, with control characters
/// (terminal escape sequences, newlines, NULs) and other invisible code points written as escapes, so a
/// scenario cannot drive the user's terminal and a wrongly named file is not printed whole.
/// </summary>
public static class TextExcerpt
{
    /// <summary>Default length of an excerpt, in characters.</summary>
    public const int DefaultLength = 60;

    /// <summary><paramref name="text"/> in single quotes, escaped, cut to <paramref name="max"/> characters with "...".</summary>
    public static string Quote(string? text, int max = DefaultLength) => $"'{Escape(text, max)}'";

    /// <summary><paramref name="text"/> escaped and cut after about <paramref name="max"/> output characters (with "..." when cut).</summary>
    public static string Escape(string? text, int max = DefaultLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new StringBuilder(Math.Min(text.Length, max) + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (builder.Length >= max)
            {
                builder.Append("...");
                break;
            }
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (NeedsEscape(c))
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\u001b' => "\\e",
                    _ => $"\\u{((int)c).ToString("x4", CultureInfo.InvariantCulture)}",
                });
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Escapes control characters of a whole message (no cutting): the last line of defence before a message
    /// reaches the console, for text that was not quoted through <see cref="Quote"/>.
    /// </summary>
    public static string Sanitize(string message)
    {
        foreach (var c in message)
        {
            if (NeedsEscape(c))
            {
                return Escape(message, int.MaxValue);
            }
        }
        return message;
    }

    private static bool NeedsEscape(char c)
    {
        if (char.IsControl(c) || char.IsSurrogate(c))
        {
            return true;
        }
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        // Format characters include the bidirectional overrides that reorder what a terminal shows.
        return category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
