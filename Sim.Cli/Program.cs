using Sim.Cli;

return CliApp.Run(args);
