using Sim.Studies.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sim.Studies.Scenarios;

/// <summary>
/// Limits every YAML input shares. YamlDotNet's representation model builds nested nodes recursively, so a file of
/// 200,000 '[' kills the process with a stack overflow; the event parser is iterative, so the nesting is measured
/// on its events first and refused beyond <see cref="MaxDepth"/>. Aliases are counted too: a "billion laughs"
/// file cannot make later code walk an exponential tree.
/// </summary>
public static class YamlLimits
{
    /// <summary>Deepest nesting of mappings and lists accepted (scenarios need 5).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most aliases (<c>*name</c>) accepted in one file.</summary>
    public const int MaxAliases = 1000;

    /// <summary>Most hardware files a scenario may reach through nested <c>hardware:</c> paths.</summary>
    public const int MaxIncludeDepth = 8;

    /// <summary>Throws a located <see cref="SatSimInputException"/> when <paramref name="text"/> nests too deep or aliases too often.</summary>
    public static void Check(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        var aliases = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            var at = parser.Current!.Start;
                            throw new SatSimInputException(file, (int)at.Line, (int)at.Column, $"YAML nested deeper than {MaxDepth} levels; expected a scenario-like file");
                        }
                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias when ++aliases > MaxAliases:
                        throw new SatSimInputException(file, (int)alias.Start.Line, (int)alias.Start.Column, $"more than {MaxAliases} YAML aliases; expected a scenario-like file");
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Syntax errors are reported by the full parse, with its own message and position.
        }
    }
}
