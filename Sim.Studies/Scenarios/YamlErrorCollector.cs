using Sim.Vocabulary.IO;
using Sim.Studies.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sim.Studies.Scenarios;

/// <summary>
/// Reads one YAML file through YamlDotNet's representation model (which keeps every node's line and column)
/// and collects validation errors instead of stopping at the first, so a user fixes a file in one pass.
/// </summary>
public sealed class YamlErrorCollector
{
    private readonly List<InputError> _errors = [];

    public YamlErrorCollector(string file)
    {
        File = file;
    }

    /// <summary>Path of the file as the user gave it (used in every message).</summary>
    public string File { get; }

    public IReadOnlyList<InputError> Errors => _errors;

    /// <summary>Records an error located at <paramref name="node"/>.</summary>
    public void Add(YamlNode node, string message) => Add(node.Start, message);

    /// <summary>Reads a YAML input file with the text limit (an endless stream or a huge file is one error).</summary>
    public static string ReadText(string path, string what)
    {
        try
        {
            return BoundedFile.ReadAllText(path, BoundedFile.TextLimit, what);
        }
        catch (InputTooLargeException e)
        {
            throw new SatSimInputException(path, $"larger than {BoundedFile.Describe(e.LimitBytes)}, the limit for {what}; is it the right file?");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SatSimInputException(path, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>Records an error at a mark.</summary>
    public void Add(Mark mark, string message) => _errors.Add(new InputError(File, (int)mark.Line, (int)mark.Column, message));

    /// <summary>Records an error without a position.</summary>
    public void Add(string message) => _errors.Add(new InputError(File, 0, 0, message));

    /// <summary>Throws every collected error at once, if any.</summary>
    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new SatSimInputException(_errors.ToArray());
        }
    }

    /// <summary>
    /// Parses <paramref name="text"/> into its root node; a YAML syntax error (or an empty document) becomes
    /// a located <see cref="SatSimInputException"/>.
    /// </summary>
    public YamlNode ParseRoot(string text)
    {
        YamlLimits.Check(text, File);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            throw new SatSimInputException(File, (int)e.Start.Line, (int)e.Start.Column, $"YAML syntax error: {Clean(message)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner (and its node loader) fail this way on some malformed input (e.g. an unclosed '['); locate it
            // at the last event that still parsed.
            var mark = LastGoodMark(text);
            throw new SatSimInputException(File, (int)mark.Line, (int)mark.Column, "YAML syntax error: malformed value after this point (an unclosed '[', '{' or quote?)");
        }
        if (stream.Documents.Count == 0)
        {
            throw new SatSimInputException(File, 1, 1, "the file is empty; expected a YAML mapping");
        }
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw new SatSimInputException(File, (int)second.Start.Line, (int)second.Start.Column, "expected one YAML document, found several");
        }
        return stream.Documents[0].RootNode;
    }

    /// <summary>Views <paramref name="node"/> as a mapping with the given keys (others are errors).</summary>
    public YamlSection? Section(YamlNode node, string path, IReadOnlyList<string> keys)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlSection(this, mapping, path, keys);
        }
        Add(node, $"{Describe(path)}: expected a mapping with keys {string.Join(", ", keys)}, got {YamlSection.Kind(node)}");
        return null;
    }

    private static Mark LastGoodMark(string text)
    {
        var parser = new Parser(new StringReader(text));
        var mark = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                mark = parser.Current!.Start;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
        }
        return mark.Line > 0 ? mark : new Mark(0, 1, 1);
    }

    internal static string Describe(string path) => path.Length == 0 ? "document" : path;

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is ours to print.
        var marker = message.LastIndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith('(') ? message[(marker + 3)..] : message;
    }
}
