using DlSim.Cli;
using DlSim.Serving;
using DlSim.Workloads.ClosedLoop;
using Xunit;
using static DlSim.Tests.Serving.PolicyHarness;

namespace DlSim.Tests.Serving;

public class AdmissionAndBatchingTests
{
    [Theory]
    [InlineData("M_1", 1)]
    [InlineData("M_1", 3)]
    [InlineData("M_2stage", 2)]
    public void Slo_admission_never_lets_an_admitted_request_miss_its_slo(string executable, int replicas)
    {
        var w = Poisson(replicas * 160, 50_000, sloS: 0.03, seed: 21); // overloaded: ρ = 1.6
        foreach (var routing in Enum.GetValues<RoutingPolicy>())
        {
            var report = Simulate(Deploy(replicas, executable), w, new ServingPolicy { Admission = AdmissionPolicy.Slo, Routing = routing, Seed = 3 });
            Assert.True(report.Dropped > 0);
            Assert.Equal(1.0, report.Overall.CompletedWithinSlo);
            Assert.Equal(w.Count, report.Requests);
        }
    }

    [Fact]
    public void Admission_raises_goodput_on_an_overloaded_replica()
    {
        var w = Poisson(150, 30_000, sloS: 0.05, seed: 22);
        var without = Simulate(Deploy(1), w, new ServingPolicy());
        var with = Simulate(Deploy(1), w, new ServingPolicy { Admission = AdmissionPolicy.Slo });
        Assert.True(with.Attainment >= without.Attainment, $"{with.Attainment} < {without.Attainment}");
        Assert.True(with.Attainment > 0.5 && without.Attainment < 0.1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void At_saturation_throughput_is_batch_size_over_batch_latency(int maxBatch)
    {
        var clients = new ClosedLoopSpec([new ClientGroup(0, 64)], DurationS: 200);
        var report = Simulate(Deploy(1), Poisson(1, 1), new ServingPolicy { MaxBatch = maxBatch }, clients);
        double latency = Profile.First(p => p.Batch == maxBatch).LatencyS;
        Assert.Equal(maxBatch / latency, report.ThroughputRps, maxBatch / latency * 0.005);
    }

    [Fact]
    public void Slo_aware_batches_keep_every_member_within_its_deadline()
    {
        var w = Poisson(300, 30_000, sloS: 0.025, seed: 23);
        var report = Simulate(Deploy(1), w, new ServingPolicy { MaxBatch = 8, Batching = BatchingPolicy.SloAware, Admission = AdmissionPolicy.Slo });
        Assert.Equal(1.0, report.Overall.CompletedWithinSlo);
        var greedy = Simulate(Deploy(1), w, new ServingPolicy { MaxBatch = 8 });
        Assert.True(report.Attainment >= greedy.Attainment * 0.99);
    }

    [Fact]
    public void Waiting_batches_fill_up_or_time_out()
    {
        var w = Poisson(50, 5_000, seed: 24);
        var record = Record(Deploy(1), w, new ServingPolicy { MaxBatch = 4, Batching = BatchingPolicy.Wait, BatchWaitS = 0.05 });
        foreach (var (run, requests) in record.Stages.Zip(record.StageRequests))
        {
            double oldest = w.ArrivalsS[requests[0]];
            Assert.True(requests.Length == 4 || run.ReceivedS >= oldest + 0.05 - 1e-12 || run.ReceivedS > oldest,
                $"batch of {requests.Length} formed at {run.ReceivedS} before its wait ended");
            Assert.True(run.ReceivedS <= oldest + 0.05 + 0.032 + 1e-9);
        }
    }

    [Fact]
    public void The_trace_shows_batches_as_one_slice_naming_their_requests_and_drops_as_instants()
    {
        using var dir = new TempDir();
        var code = DlSimCli.Run(["simulate", "--admission", "slo", "--max-batch", "1", "--trace-out", dir.File("t.json")], new StringWriter(), new StringWriter());
        Assert.Equal(0, code);
        string trace = File.ReadAllText(dir.File("t.json"));
        Assert.Contains("\"ph\":\"i\"", trace);
        Assert.Contains("drop r", trace);
    }

    [Theory]
    [InlineData(new[] { "--routing", "fastest" }, "--routing: expected earliest-free, round-robin")]
    [InlineData(new[] { "--admission", "maybe" }, "--admission: expected none or slo")]
    [InlineData(new[] { "--max-batch", "4" }, "--max-batch: expected a batch size every placed executable has a profile for")]
    [InlineData(new[] { "--batch-wait", "-1" }, "--batch-wait: expected seconds ≥ 0")]
    [InlineData(new[] { "--max-batch", "0" }, "--max-batch: expected a batch size from 1 to 65536 (the limit)")]
    public void Bad_policies_are_one_line_errors(string[] flags, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, DlSimCli.Run(["simulate", .. flags], new StringWriter(), stderr));
        var lines = stderr.ToString().TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("dlsim: " + expected, lines[0]);
    }

    /// <summary>
    /// Clients with no think time whose requests are refused used to send again at the same instant forever (the clock never
    /// moved). A refused client now waits out its request's SLO: the run ends, and each client sends at most one request
    /// per SLO while refused.
    /// </summary>
    [Fact]
    public void Refused_closed_loop_clients_with_no_think_time_back_off_and_the_run_ends()
    {
        var clients = new ClosedLoopSpec([new ClientGroup(0, 40, ThinkS: 0, Think: ThinkTimeKind.Constant)], DurationS: 20);
        var report = Simulate(Deploy(1), Poisson(1, 1, sloS: 0.05), new ServingPolicy { Admission = AdmissionPolicy.Slo }, clients);
        Assert.True(report.Dropped > 0);
        Assert.Equal(1.0, report.Overall.CompletedWithinSlo);
        // Completions at most 1 per 10 ms; refusals at most 40 clients × one per 50 ms.
        Assert.True(report.Requests < 20 * (100 + 40 * 20 + 10), $"{report.Requests} requests");
    }
}
