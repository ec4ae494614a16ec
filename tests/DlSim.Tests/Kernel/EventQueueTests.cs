using DlSim.Kernel;
using CsCheck;
using Xunit;

namespace DlSim.Tests.Kernel;

public class EventQueueTests
{
    private static List<int> Drain(EventQueue<int> q)
    {
        var order = new List<int>();
        while (q.Count > 0) order.Add(q.Pop(out _));
        return order;
    }

    [Fact]
    public void Orders_by_time_then_phase_then_rank_then_insertion()
    {
        var q = new EventQueue<int>();
        q.Push(2.0, EventPhase.StageCompletion, 0, 1);
        q.Push(1.0, EventPhase.Arrival, 0, 2);
        q.Push(1.0, EventPhase.StageCompletion, 5, 3);
        q.Push(1.0, EventPhase.StageCompletion, 2, 4);
        q.Push(1.0, EventPhase.StageCompletion, 2, 5);
        q.Push(0.5, EventPhase.Arrival, 9, 6);
        Assert.Equal([6, 4, 5, 3, 2, 1], Drain(q));
    }

    [Fact]
    public void Pops_in_sorted_order_for_any_pushes()
    {
        Gen.Select(Gen.Int[0, 50], Gen.Int[0, 3]).Array[0, 300].Sample(items =>
        {
            var q = new EventQueue<int>();
            for (int i = 0; i < items.Length; i++) q.Push(items[i].Item1, EventPhase.StageCompletion, items[i].Item2, i);
            var expected = Enumerable.Range(0, items.Length).OrderBy(i => items[i].Item1).ThenBy(i => items[i].Item2).ThenBy(i => i).ToList();
            return Drain(q).SequenceEqual(expected);
        });
    }
}
