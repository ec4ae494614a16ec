using BenchmarkDotNet.Attributes;
using DlSim.Kernel;
using DlSim.Workloads;

namespace DlSim.Benchmarks;

/// <summary>
/// <see cref="EventQueue{TPayload}"/> in steady state ("hold" model): a heap of <see cref="Size"/>
/// events; each operation pops the earliest and pushes one a random gap later. The serving engine keeps
/// about as many events as stages in flight (a handful); placement searches on large clusters keep more.
/// </summary>
public class EventQueueBenchmarks
{
    private const int Operations = 1 << 20;

    private struct Payload
    {
        public int Request;
        public int Replica;
        public int Stage;
    }

    [Params(4, 1024, 65536)]
    public int Size;

    private EventQueue<Payload> _queue = null!;
    private double[] _gaps = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new DeterministicRng(1);
        _gaps = new double[Operations];
        for (int i = 0; i < _gaps.Length; i++) _gaps[i] = rng.NextExponential(1.0);
        _queue = new EventQueue<Payload>();
        for (int i = 0; i < Size; i++) _queue.Push(rng.NextDouble() * Size, EventPhase.StageCompletion, i & 7, new Payload { Request = i });
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int Pop_then_push()
    {
        var queue = _queue;
        var gaps = _gaps;
        int sum = 0;
        for (int i = 0; i < gaps.Length; i++)
        {
            var p = queue.Pop(out double now);
            sum += p.Request;
            queue.Push(now + gaps[i] * Size, EventPhase.StageCompletion, i & 7, new Payload { Request = p.Request, Replica = p.Replica, Stage = p.Stage + 1 });
        }
        return sum;
    }
}
