namespace DlSim.Formats.Files;

/// <summary>
/// Writes a file so that readers see either nothing or the whole file: a temporary file beside the
/// target, then a rename. When the path is a symbolic link the link is kept and its final target is
/// replaced. The temporary file is removed when writing fails, and on Ctrl-C/SIGTERM through <see cref="TempFiles"/>.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        using var pending = new PendingFile(path);
        try
        {
            write(pending.Stream);
            pending.Commit();
        }
        catch (IOException e) when (e is not OutputException)
        {
            throw new OutputException(pending.TargetName, e);
        }
    }

    public static void WriteText(string path, string text) =>
        Write(path, s => { var bytes = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>The file a write to <paramref name="path"/> replaces: the path itself, or the final target of a symbolic link.</summary>
    public static string ResolveTarget(string path)
    {
        string full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (info.LinkTarget is null) return full;
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? full : Path.GetFullPath(target.FullName);
    }
}

/// <summary>A file being written under a temporary name; <see cref="Commit"/> renames it into place,
/// disposing without committing deletes it.</summary>
public sealed class PendingFile : IDisposable
{
    private readonly string _target;
    private readonly string _temp;
    private bool _done;

    public Stream Stream { get; }

    /// <summary>The file this write replaces, links resolved.</summary>
    public string TargetName => _target;

    public PendingFile(string path)
    {
        _target = AtomicFile.ResolveTarget(path);
        string? dir = Path.GetDirectoryName(_target);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _temp = TempFiles.Create(_target);
        try { Stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16); }
        catch
        {
            TempFiles.Delete(_temp);
            throw;
        }
    }

    public void Commit()
    {
        Stream.Dispose();
        File.Move(_temp, _target, overwrite: true);
        TempFiles.Forget(_temp);
        _done = true;
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        Stream.Dispose();
        TempFiles.Delete(_temp);
    }
}

/// <summary>An output could not be written (disk full, permissions changed during the run): its final name and the reason, without the temporary name.</summary>
public sealed class OutputException(string target, IOException inner) : IOException($"cannot write {target}: {Reason(inner.Message)}", inner)
{
    public string Target { get; } = target;

    /// <summary>"No space left on device : '/x.tmp-1-2'" → "No space left on device".</summary>
    private static string Reason(string message)
    {
        int quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return (quote > 0 ? message[..quote] : message).TrimEnd('.', ' ');
    }
}
