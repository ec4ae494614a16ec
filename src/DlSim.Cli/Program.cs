using System.Runtime.InteropServices;
using DlSim.Cli;
using DlSim.Formats.Files;

// Ctrl-C, SIGTERM, SIGHUP and SIGQUIT end the process as usual, but first remove the temporary files
// of writes still in progress, so no half-written *.tmp-* is left beside an output.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => TempFiles.DeleteAll());
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => TempFiles.DeleteAll());
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => TempFiles.DeleteAll());
using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => TempFiles.DeleteAll());

return DlSimCli.Run(args, Console.Out, Console.Error);
