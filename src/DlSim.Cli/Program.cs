using DlSim.Cli;

return DlSimCli.Run(args, Console.Out, Console.Error);
