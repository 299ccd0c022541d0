using System.CommandLine;
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
            var input = PlotInput.Read(Path.Combine(dir, RunArtifacts.ReportFile));
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
}
