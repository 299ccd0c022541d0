using System.CommandLine;
using Sim.Studies.Errors;
using Sim.Studies.Scenarios;

namespace Sim.Cli.Commands;

/// <summary>
/// <c>satsim validate FILE...</c>: checks scenario files without running them (every problem of every file,
/// one located line each), so editors and CI can catch a bad scenario in milliseconds.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("scenarios") { Description = "Scenario (or sweep) YAML files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", """
            Check scenario files without running them; prints every problem as file:line:col: message. A sweep file
            (one with grid, random or search) is recognised and checked as 'satsim sweep' checks it.

            Example:
              satsim validate scenarios/*.yaml
            """);
        command.Arguments.Add(files);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var (valid, errors) = ScenarioValidation.CheckFiles(parse.GetValue(files)!, ctx.Timer);
            if (ctx.Json)
            {
                ctx.WriteJson(new { Valid = valid.Select(v => v.File), Errors = errors.Select(e => e.ToString()) });
            }
            else
            {
                foreach (var (file, sweep) in valid)
                {
                    ctx.Say(sweep ? $"{file}: ok (a sweep file: run it with 'satsim sweep {file} --out DIR')" : $"{file}: ok");
                }
            }
            if (errors.Count > 0)
            {
                throw new SatSimInputException(errors);
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
