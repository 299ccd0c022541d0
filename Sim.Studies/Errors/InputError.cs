namespace Sim.Studies.Errors;

/// <summary>
/// One problem in a user-supplied file, located precisely so an editor can jump to it. Rendered as
/// <c>file:line:col: message</c> (the form compilers use), or <c>file: message</c> when no position is known;
/// control characters are escaped so file content cannot drive the terminal.
/// </summary>
/// <param name="File">Path as the user gave it.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Message">What is wrong and the expected form.</param>
public sealed record InputError(string File, int Line, int Column, string Message)
{
    public override string ToString()
    {
        var line = Sim.Vocabulary.IO.TextExcerpt.Sanitize(Line > 0 ? $"{File}:{Line}:{Math.Max(Column, 1)}: {Message}" : $"{File}: {Message}");
        // The last line of defence against echoed content: no message needs more than this.
        return line.Length <= MaxLength ? line : line[..(MaxLength - 3)] + "...";
    }

    /// <summary>Longest rendered error line (the longest real message, listing every zoo model, is under 500).</summary>
    public const int MaxLength = 1500;
}
