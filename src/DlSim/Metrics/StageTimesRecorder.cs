using DlSim.Serving;

namespace DlSim.Metrics;

/// <summary>Start and end of every stage of every request (for comparison with real traces). Costs 16 bytes × stages per request: only on request.</summary>
public sealed class StageTimesRecorder
{
    private readonly int _maxStages;
    private readonly double[] _startS;
    private readonly double[] _endS;
    private readonly int[] _replica;

    public StageTimesRecorder(int requests, int maxStages)
    {
        _maxStages = maxStages;
        _startS = new double[(long)requests * maxStages];
        _endS = new double[(long)requests * maxStages];
        _replica = new int[requests];
        Array.Fill(_startS, double.NaN);
        Array.Fill(_endS, double.NaN);
    }

    public void Record(in StageRun run)
    {
        long i = (long)run.Request * _maxStages + run.Stage;
        _startS[i] = run.StartS;
        _endS[i] = run.EndS;
        _replica[run.Request] = run.Replica;
    }

    /// <summary>NaN when the request has no such stage.</summary>
    public double StartOf(int request, int stage) => stage < _maxStages ? _startS[(long)request * _maxStages + stage] : double.NaN;
    public double EndOf(int request, int stage) => stage < _maxStages ? _endS[(long)request * _maxStages + stage] : double.NaN;
    public int ReplicaOf(int request) => _replica[request];
}
