using System.Collections.Concurrent;

namespace DlSim.Formats.Files;

/// <summary>
/// The temporary files this process is writing (before their rename into place), so a Ctrl-C or
/// SIGTERM handler can remove them. Process-wide on purpose: a signal ends every run in the process.
/// Holds paths only, never run state.
/// </summary>
public static class TempFiles
{
    private static readonly ConcurrentDictionary<string, byte> Pending = new();
    private static long _counter;

    /// <summary>A fresh temporary path beside <paramref name="finalPath"/>, registered for cleanup.</summary>
    public static string Create(string finalPath)
    {
        string temp = $"{finalPath}.tmp-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        Pending[temp] = 0;
        return temp;
    }

    /// <summary>The file was renamed into place or deleted: nothing left to clean.</summary>
    public static void Forget(string temp) => Pending.TryRemove(temp, out _);

    /// <summary>Deletes the file if it is there and forgets it; never throws.</summary>
    public static void Delete(string temp)
    {
        try { File.Delete(temp); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        Forget(temp);
    }

    /// <summary>Deletes every pending temporary file (called on Ctrl-C and SIGTERM).</summary>
    public static void DeleteAll()
    {
        foreach (string temp in Pending.Keys) Delete(temp);
    }

    /// <summary>How many temporary files are being written now (for tests).</summary>
    public static int Count => Pending.Count;
}
