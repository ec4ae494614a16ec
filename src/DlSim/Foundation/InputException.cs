namespace DlSim.Foundation;

/// <summary>One problem found in an input: where it is and what was expected there.</summary>
/// <param name="File">The file (or flag) the problem is in, as the user named it.</param>
/// <param name="Line">1-based line number; 0 when the problem has no single line.</param>
/// <param name="Message">"expected X, found Y" in plain words.</param>
public sealed record InputError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Bad user input. Carries every problem a loader found, so the user can fix them in one pass.</summary>
public sealed class InputException : Exception
{
    public IReadOnlyList<InputError> Errors { get; }

    public InputException(IReadOnlyList<InputError> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "bad input")
    {
        Errors = errors;
    }

    public InputException(string file, int line, string message)
        : this([new InputError(file, line, message)]) { }
}

/// <summary>Collects the problems of one input; throws them together at the end of a load.</summary>
public sealed class InputErrorList
{
    /// <summary>More problems than this are summarised in one closing line: a wrong or binary file
    /// gives a few lines that say what is wrong, not a screenful.</summary>
    public const int MaxReported = 5;

    private readonly List<InputError> _errors = [];
    private int _suppressed;

    public string File { get; }
    public bool Any => _errors.Count > 0;

    public InputErrorList(string file) => File = file;

    public void Add(int line, string message)
    {
        if (_errors.Count < MaxReported) _errors.Add(new InputError(File, line, message));
        else _suppressed++;
    }

    public void ThrowIfAny()
    {
        if (!Any) return;
        var all = new List<InputError>(_errors);
        if (_suppressed > 0) all.Add(new InputError(File, 0, _suppressed == 1 ? "1 more problem not shown" : $"{_suppressed} more problems not shown"));
        throw new InputException(all);
    }
}
