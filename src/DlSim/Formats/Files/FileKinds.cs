using System.Runtime.InteropServices;

namespace DlSim.Formats.Files;

/// <summary>What a path names on disk, after following symbolic links.</summary>
public enum FileKind { Missing, Regular, Folder, Pipe, Device, Socket, Other }

/// <summary>
/// Tells regular files from folders, pipes and devices. .NET reports all of them as "Normal" files, and
/// reading <c>/dev/zero</c> or a FIFO as a workload would run out of memory or hang, so inputs and
/// outputs check this first. Uses the runtime's own stat (its field layout is the same on every platform).
/// </summary>
public static class FileKinds
{
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsWindows()) return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Folder : FileKind.Missing;
        var status = new byte[256];
        int mode;
        try
        {
            if (Stat(path, status) != 0) return FileKind.Missing;
            mode = BitConverter.ToInt32(status, 4);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return File.Exists(path) ? FileKind.Regular : Directory.Exists(path) ? FileKind.Folder : FileKind.Missing;
        }
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Folder,
            0x1000 => FileKind.Pipe,
            0x2000 or 0x6000 => FileKind.Device,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    /// <summary>"a folder", "a pipe (FIFO)", ...: what a non-regular path is, for error messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "nothing",
        FileKind.Regular => "a regular file",
        FileKind.Folder => "a folder",
        FileKind.Pipe => "a pipe (FIFO)",
        FileKind.Device => "a device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Stat(string path, byte[] status);
}
