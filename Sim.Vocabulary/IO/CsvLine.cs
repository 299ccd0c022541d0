using System.Text;

namespace Sim.Vocabulary.IO;

/// <summary>
/// Splits and joins single CSV lines (RFC 4180 quoting: fields with commas or quotes are quoted, quotes
/// doubled). Data files of this project keep one record per line so errors can name the line.
/// </summary>
public static class CsvLine
{
    /// <summary>Splits one line into fields; throws <see cref="FormatException"/> on an unterminated quote.</summary>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException("unterminated quoted field (a record must stay on one line)");
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',')
                {
                    throw new FormatException($"unexpected character '{line[i]}' after a closing quote at column {i + 1}");
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    if (line[i] == '"')
                    {
                        throw new FormatException($"quote inside an unquoted field at column {i + 1}");
                    }
                    field.Append(line[i++]);
                }
            }
            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }
            i++; // the comma
        }
    }

    /// <summary>Quotes a field only when it needs it.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    public static string Join(IEnumerable<string> fields) => string.Join(',', fields.Select(Escape));
}
