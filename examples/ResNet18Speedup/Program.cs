using System.Globalization;
using Sim.Examples;

var batch = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32;
ResNet18Speedup.Run(batch, Console.Out);
