using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Reports;

/// <summary>Interned stage names, so hot paths label timeline intervals without allocating.</summary>
internal static class StageNames
{
    private static readonly string[] Names = Enum.GetValues<Stage>().Select(s => s.ToString()).ToArray();

    public static string Of(Stage stage) => (int)stage < Names.Length ? Names[(int)stage] : stage.ToString();
}
