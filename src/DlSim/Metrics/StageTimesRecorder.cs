using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>
/// Start and end of every stage of every request (for comparison with real traces). Costs
/// 16 bytes × stages + 4 bytes per request, so it is kept only when asked for; grows with the stream.
/// </summary>
public sealed class StageTimesRecorder(int maxStages)
{
    private double[] _startS = [];
    private double[] _endS = [];
    private int[] _replica = [];

    /// <summary>Records the run for one of its requests.</summary>
    public void Record(in StageRun run, int request)
    {
        if (request >= _replica.Length) Grow(request);
        long i = (long)request * maxStages + run.Stage;
        _startS[i] = run.StartS;
        _endS[i] = run.EndS;
        _replica[request] = run.Replica;
    }

    private void Grow(int request)
    {
        int old = _replica.Length;
        int size = Math.Max(1024, Math.Max(request + 1, old * 2));
        Array.Resize(ref _replica, size);
        Array.Resize(ref _startS, size * maxStages);
        Array.Resize(ref _endS, size * maxStages);
        _startS.AsSpan(old * maxStages).Fill(double.NaN);
        _endS.AsSpan(old * maxStages).Fill(double.NaN);
    }

    /// <summary>NaN when the request has no such stage.</summary>
    public double StartOf(int request, int stage) => Has(request, stage) ? _startS[(long)request * maxStages + stage] : double.NaN;
    public double EndOf(int request, int stage) => Has(request, stage) ? _endS[(long)request * maxStages + stage] : double.NaN;
    public int ReplicaOf(int request) => _replica[request];

    private bool Has(int request, int stage) => request < _replica.Length && stage < maxStages;
}
