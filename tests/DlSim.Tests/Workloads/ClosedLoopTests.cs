using Xunit;
using DlSim.Cli;
using DlSim.Cluster;
using DlSim.Formats.Profiles;
using DlSim.Metrics;
using DlSim.Model;
using DlSim.Placement;
using DlSim.Runs;
using DlSim.Serving;
using DlSim.Workloads;
using DlSim.Workloads.ClosedLoop;

namespace DlSim.Tests.Workloads;

/// <summary>Closed-loop clients against the queueing results they must obey.</summary>
public class ClosedLoopTests
{
    private const double L = 0.1452; // Bert_2.6B_1_device

    private static SimulationReport Run(ClosedLoopSpec spec)
    {
        var placement = new PlacementSpec([new ReplicaSpec("S", "Bert_2.6B", "Bert_2.6B_1_device", [SubMesh.Single(0, 0)])]);
        var header = spec.Header();
        var deployment = Deployment.Resolve(new ClusterSpec(1, 1, 16), BuiltInProfiles.Catalog, placement, ServiceMap.Default(placement), header.ModelCount);
        using var source = new EmptyRequestSource(header);
        return Simulation.Run(deployment, source, new SimulationOptions { Overhead = DispatchOverhead.None, ClosedLoop = spec }).Report;
    }

    [Fact]
    public void One_client_without_think_time_runs_back_to_back_at_exactly_one_over_L()
    {
        var r = Run(new ClosedLoopSpec([new ClientGroup(0, 1)], DurationS: 100));
        Assert.Equal((long)Math.Ceiling(100 / L), r.Requests);
        Assert.Equal(1 / L, r.ThroughputRps, 1e-9);
        Assert.Equal(L, r.Overall.MaxS, 1e-12);
        Assert.Equal(L, r.Overall.P50S, 1e-12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(16)]
    public void C_clients_without_think_time_saturate_the_gpu_and_wait_C_times_L(int clients)
    {
        var r = Run(new ClosedLoopSpec([new ClientGroup(0, clients)], DurationS: 2000 * L));
        Assert.Equal(1 / L, r.ThroughputRps, 1e-6);
        // Every request but the first round's waits behind the other C − 1: latency C·L.
        Assert.Equal(clients * L, r.Overall.P50S, 1e-9);
        Assert.InRange(r.Overall.MeanS, clients * L * 0.99, clients * L);
    }

    [Theory]
    [InlineData(3, 0.3)]
    [InlineData(8, 0.5)]
    public void Little_law_holds_clients_equal_throughput_times_response_plus_think(int clients, double think)
    {
        var r = Run(new ClosedLoopSpec([new ClientGroup(0, clients, think)], DurationS: 20_000, Seed: 5));
        double population = r.ThroughputRps * (r.Overall.MeanS + think);
        Assert.InRange(population, clients * 0.98, clients * 1.02);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var spec = new ClosedLoopSpec([new ClientGroup(0, 4, 0.2)], DurationS: 300, Seed: 9);
        Assert.Equal(Run(spec).Overall, Run(spec).Overall);
        Assert.NotEqual(Run(spec).Overall, Run(spec with { Seed = 10 }).Overall);
    }

    [Fact]
    public void Simulate_accepts_closed_loop_clients_and_reports_throughput()
    {
        var stdout = new StringWriter();
        int code = DlSimCli.Run(["simulate", "--closed-loop", "0=1", "--overhead", "0", "--duration", "10", "--json"], stdout, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("\"throughput_rps\"", stdout.ToString());
    }

    [Theory]
    [InlineData("0=0")]
    [InlineData("x=2")]
    [InlineData("0=2,think=-1")]
    [InlineData("0=2,dist=normal")]
    [InlineData("7=1")]
    public void Bad_closed_loop_specs_are_one_line_errors(string spec)
    {
        var stderr = new StringWriter();
        int code = DlSimCli.Run(["simulate", "--closed-loop", spec], new StringWriter(), stderr);
        Assert.Equal(2, code);
        var lines = stderr.ToString().TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("dlsim: --closed-loop", lines[0]);
    }

    [Fact]
    public void Client_groups_can_come_from_a_spec_file_with_line_numbers_in_errors()
    {
        using var dir = new TempDir();
        string good = dir.Write("clients.txt", "# two groups\n0=2,think=0.1\n\n1=1,dist=const,think=0.2,slo=0.5\n");
        Assert.Equal(0, DlSimCli.Run(["simulate", "--closed-loop", "@" + good, "--duration", "5"], new StringWriter(), new StringWriter()));
        string bad = dir.Write("bad.txt", "0=2\n1=zero\n");
        var stderr = new StringWriter();
        Assert.Equal(2, DlSimCli.Run(["simulate", "--closed-loop", "@" + bad], new StringWriter(), stderr));
        Assert.StartsWith($"dlsim: {bad}:2: expected MODEL=CLIENTS", stderr.ToString());
    }
}
