using DlSim.Serving;
using Xunit;
using static DlSim.Tests.Serving.PolicyHarness;

namespace DlSim.Tests.Serving;

/// <summary>The engine against queueing theory: M/D/1 and thinned queues.</summary>
public class QueueingTheoryTests
{
    private const double L = 0.010;

    /// <summary>Mean wait in an M/D/1 queue: ρ / (2μ(1 − ρ)).</summary>
    private static double MD1Wait(double rho) => rho * L / (2 * (1 - rho));

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.8)]
    public void One_replica_with_deterministic_service_is_an_MD1_queue(double rho)
    {
        var report = Simulate(Deploy(1), Poisson(rho / L, 200_000, seed: 11), new ServingPolicy());
        Assert.Equal(L, report.MeanExecutionS, 1e-12);
        double expected = MD1Wait(rho);
        Assert.True(Math.Abs(report.MeanQueueingS - expected) <= 0.02 * expected, $"wait {report.MeanQueueingS} vs M/D/1 {expected}");
    }

    [Fact]
    public void Random_routing_over_k_replicas_gives_k_MD1_queues_at_rate_over_k()
    {
        const int k = 3;
        const double rho = 0.7;
        var report = Simulate(Deploy(k), Poisson(k * rho / L, 300_000, seed: 12), new ServingPolicy { Routing = RoutingPolicy.Random, Seed = 5 });
        double expected = MD1Wait(rho);
        Assert.True(Math.Abs(report.MeanQueueingS - expected) <= 0.02 * expected, $"wait {report.MeanQueueingS} vs M/D/1 {expected}");
        Assert.All(report.Replicas, r => Assert.InRange(r.Completed, 95_000, 105_000));
    }

    [Fact]
    public void Round_robin_gives_each_replica_every_kth_arrival_and_its_own_Lindley_queue()
    {
        const int k = 4;
        var w = Poisson(k * 0.8 / L, 40_000, seed: 13);
        var record = Record(Deploy(k), w, new ServingPolicy { Routing = RoutingPolicy.RoundRobin });
        var freeAt = new double[k];
        foreach (var run in record.Stages)
        {
            Assert.Equal(run.Request % k, run.Replica);
            // Lindley's recursion on the thinned arrivals: start = max(arrival, previous end).
            double arrival = w.ArrivalsS[run.Request];
            double start = Math.Max(arrival, freeAt[run.Replica]);
            Assert.Equal(start, run.StartS, 1e-9);
            freeAt[run.Replica] = start + L;
        }
    }
}
