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
        var files = new Argument<string[]>("scenarios") { Description = "Scenario YAML files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", """
            Check scenario files without running them; prints every problem as file:line:col: message.

            Example:
              satsim validate scenarios/*.yaml
            """);
        command.Arguments.Add(files);
        command.SetAction(parse => CommandRunner.Run(parse, ctx =>
        {
            var (valid, errors) = ScenarioValidation.Check(parse.GetValue(files)!, ctx.Timer);
            if (ctx.Json)
            {
                ctx.WriteJson(new { Valid = valid, Errors = errors.Select(e => e.ToString()) });
            }
            else
            {
                foreach (var file in valid)
                {
                    ctx.Say($"{file}: ok");
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
