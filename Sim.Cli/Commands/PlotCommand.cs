using System.CommandLine;
using System.Text.Json;
using Sim.Studies.Errors;
using Sim.Cli.Output;
using Sim.Vocabulary.IO;
using Sim.Studies.Output;
using Sim.Studies.Reports;

namespace Sim.Cli.Commands;

/// <summary><c>satsim plot DIR</c>: redraws timeline.png and accuracy.svg from an earlier run's report.json.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var dirArg = new Argument<string>("dir") { Description = "Output folder of an earlier 'satsim run' or 'satsim replay'." };
        var command = new Command("plot", """
            Redraw the figures (timeline.png, accuracy.svg) of an earlier run from its report.json, without simulating again.

            Example:
              satsim plot out/quickstart
            """);
        command.Arguments.Add(dirArg);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var dir = parse.GetValue(dirArg)!;
            var input = Read(Path.Combine(dir, RunArtifacts.ReportFile));
            ctx.AttachLogFile(dir);
            var drawn = RunArtifacts.DrawFigures(dir, input);
            if (ctx.Json)
            {
                ctx.WriteJson(new { OutDir = dir, Files = drawn });
            }
            else
            {
                ctx.Say(drawn.Count == 0 ? $"{dir}: the report lists no figures to draw" : $"Redrew {string.Join(", ", drawn)} in {dir}");
            }
            return CliApp.Ok;
        }));
        return command;
    }

    /// <summary>Reads the figure data of a report, with one-line errors for a missing or foreign file.</summary>
    public static PlotInput Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SatSimInputException(path, "file not found; expected the report.json of an earlier 'satsim run' or 'satsim replay'");
        }
        PlotInput? input;
        try
        {
            input = Json.Deserialize<PlotInput>(BoundedFile.ReadAllText(path, BoundedFile.ReportLimit, "a report"));
        }
        catch (JsonException e)
        {
            throw new SatSimInputException(path, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, $"not a valid report: {TextExcerpt.Escape(e.Message.Split(". Path:")[0], 200)}");
        }
        catch (InputTooLargeException e)
        {
            throw new SatSimInputException(path, $"larger than {BoundedFile.Describe(e.LimitBytes)}, the limit for a report; expected the report.json of an earlier run");
        }
        if (input is null || input.Format != RunReport.FormatName)
        {
            throw new SatSimInputException(path, $"not a SatSim run report (expected \"format\": \"{RunReport.FormatName}\")");
        }
        if (input.FormatVersion > RunReport.CurrentVersion)
        {
            throw new SatSimInputException(path, $"report format version {input.FormatVersion} is newer than this satsim understands ({RunReport.CurrentVersion})");
        }
        return input;
    }
}
