using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sim.Components.Config;
using Sim.Components.Dram;
using Sim.Components.Operations;
using Sim.Mapping.Tiling;
using Sim.Studies.Composition;
using Sim.Studies.Cosim;
using Sim.Studies.Scenarios;
using Sim.Studies.Sweeps;
using Sim.Studies.Tests.Sweeps;
using Sim.Studies.Sweeps.Search;
using Sim.Studies.Timing;
using Sim.Vocabulary;
using Sim.Workloads.Lowering;

namespace Sim.Studies.Tests.Composition;

/// <summary>
/// The studies' extension points are services: replacing one from the API changes what every study built on
/// the container simulates, and nothing else.
/// </summary>
public sealed class CompositionRootTests
{
    private const int Loads = 100;
    private const long LoadBytes = 64 * 1024;

    /// <summary>Loads of 64 KiB, each consumed by a one-element ReLU so the input buffer drains: the memory dominates.</summary>
    private static List<Operation> LoadStream()
    {
        var stream = new List<Operation>();
        long id = 0;
        for (var i = 0; i < Loads; i++)
        {
            var load = id++;
            stream.Add(new Operation { Id = load, Kind = OpKind.Load, Layer = "L", Stage = Stage.FP, Buffer = BufferKind.Input, Bytes = LoadBytes });
            stream.Add(new Operation { Id = id++, Kind = OpKind.Vector, Layer = "L", Stage = Stage.FP, VectorOp = "relu", Elements = 1, DependsOn = [load] });
        }
        return stream;
    }

    [Fact]
    public void DefaultsAreSatsOwnModels()
    {
        using var services = StudyServiceCollectionExtensions.BuildSatSimStudies();
        Assert.IsType<BuiltInDramModel>(services.GetRequiredService<IDramModel>());
        Assert.IsType<OfflineGemmPlanner>(services.GetRequiredService<IGemmPlanner>());
        Assert.IsType<FpgaCostModel>(services.GetRequiredService<IHardwareCostModel>());
        Assert.Equal(["guided", "evolutionary", "random", "grid"], services.GetRequiredService<SearchStrategies>().Names);
        var timer = services.GetRequiredService<IterationTimer>();
        Assert.Same(services.GetRequiredService<IDramModel>(), timer.Dram);
    }

    [Fact]
    public void AReplacedDramModelSetsTheCyclesOfAMemoryBoundStream()
    {
        // SAT's channel: 19.2 GB/s at 200 MHz = 96 bytes per cycle. The replacement moves 32.
        var mine = new FixedBandwidthMemory(32);
        using var replaced = StudyServiceCollectionExtensions.BuildSatSimStudies(s => s.AddSingleton<IDramModel>(mine));
        using var standard = StudyServiceCollectionExtensions.BuildSatSimStudies();
        var hw = HardwareConfig.Sat;

        var slow = replaced.GetRequiredService<IterationTimer>().Simulate(hw, LoadStream(), 1);
        var fast = standard.GetRequiredService<IterationTimer>().Simulate(hw, LoadStream(), 1);

        Assert.Equal(1, mine.Built);
        // Closed form: the replacement needs 100 x 65536 / 32 = 204,800 cycles of transfer, the ReLUs overlap them.
        var bound = Loads * LoadBytes / 32.0;
        Assert.InRange(slow.Cycles, bound, bound * 1.01);
        var satBound = Loads * LoadBytes / hw.Dram.BytesPerCycle(hw.ClockMHz);
        Assert.InRange(fast.Cycles, satBound, satBound * 1.15);
        Assert.Equal(Loads * LoadBytes, slow.DramBytesRead);
    }

    [Fact]
    public void AReplacedDramModelReachesACoSimulationAndReplaceWorksAfterRegistration()
    {
        var scenario = ScenarioLoader.Parse("""
            name: di
            workload: {model: lenet5, dataset: timing-only, batch: 8, methods: [dense], iterations: 1}
            """, "di.yaml");
        var services = new ServiceCollection().AddSatSimStudies();
        // Half of SAT's bandwidth: every DRAM-bound stretch of the iteration gets longer.
        services.Replace(ServiceDescriptor.Singleton<IDramModel>(new FixedBandwidthMemory(48)));
        using var provider = services.BuildServiceProvider();
        var halved = new CoSimulation(scenario, Serilog.Core.Logger.None, provider.GetRequiredService<IterationTimer>()).Run().Report;
        var standard = new CoSimulation(scenario).Run().Report;
        var h = halved.Methods[0];
        var s = standard.Methods[0];
        Assert.True(h.CyclesPerIteration > s.CyclesPerIteration, $"half bandwidth {h.CyclesPerIteration} cycles, SAT {s.CyclesPerIteration}");
        // Same work, same bytes: only the memory's timing changed.
        Assert.Equal(s.DramBytesPerIteration, h.DramBytesPerIteration);
        // A memory of half the bandwidth cannot take less time than the iteration's bytes at that bandwidth.
        Assert.True(h.CyclesPerIteration >= h.DramBytesPerIteration / 48.0);
    }

    [Fact]
    public void AReplacedPlannerIsAskedForEveryGemmShape()
    {
        var counting = new CountingPlanner();
        using var provider = StudyServiceCollectionExtensions.BuildSatSimStudies(s => s.AddSingleton<IGemmPlanner>(counting));
        var timer = provider.GetRequiredService<IterationTimer>();
        var report = timer.Report(HardwareConfig.Sat, new TimingRequest("lenet5", 8, TrainingMethod.Dense, NmPattern.Dense));
        var direct = IterationTimer.Default.Report(HardwareConfig.Sat, new TimingRequest("lenet5", 8, TrainingMethod.Dense, NmPattern.Dense));
        Assert.True(counting.Calls > 0);
        // Delegating to SAT's planner, it must reproduce SAT's cycles exactly.
        Assert.Equal(direct.TotalCycles, report.TotalCycles);
    }

    [Fact]
    public void AnUnknownSearchStrategyNamesTheRegisteredOnes()
    {
        using var provider = StudyServiceCollectionExtensions.BuildSatSimStudies();
        var e = Assert.Throws<ArgumentException>(() => provider.GetRequiredService<SearchStrategies>().Get("annealing"));
        Assert.StartsWith("unknown search strategy 'annealing'; expected one of guided, evolutionary, random, grid", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AUsersSearchStrategyReplacesTheBuiltInOfItsNameAndRunsTheSearch(bool registeredFirst)
    {
        var mine = new ReverseGrid();
        var services = new ServiceCollection();
        if (registeredFirst)
        {
            services.AddSingleton<ISearchStrategy>(mine);
        }
        services.AddSatSimStudies();
        if (!registeredFirst)
        {
            services.AddSingleton<ISearchStrategy>(mine);
        }
        using var provider = services.BuildServiceProvider();
        var strategies = provider.GetRequiredService<SearchStrategies>();
        Assert.Same(mine, strategies.Get("random"));
        Assert.IsType<EvolutionaryStrategy>(strategies.Get("guided"));

        const string yaml = "workload: {model: m, batch: 1, method: dense}\ngrid: {pe_rows: [8, 16, 32]}\nsearch: {strategy: random, budget: 3, objective: images_per_second, seed: 1}\n";
        using var temp = new TempDirectory();
        SearchJob.Run(SweepSpecLoader.Parse(yaml, "s.yaml"), yaml, temp.Path, new ClosedFormEvaluator(), ShardSpec.Whole, 1, false, null, default, strategies);
        var lines = File.ReadAllLines(temp.Sub("sweep.csv"));
        var column = Array.IndexOf(lines[0].Split(','), "pe_rows");
        // The replacement's order (the grid backwards), not a random draw.
        Assert.Equal(["32", "16", "8"], lines.Skip(1).Select(l => l.Split(',')[column]));
    }

    /// <summary>A non-adaptive strategy that proposes the grid last design first.</summary>
    private sealed class ReverseGrid : ISearchStrategy
    {
        public string Name => "random";

        public string Description => "the grid, last design first";

        public bool Adaptive => false;

        public IReadOnlyList<int[]> Propose(SearchContext context)
        {
            var result = new List<int[]>();
            for (var p = context.Space.Total - 1; context.Generation == 0 && p >= 0 && result.Count < context.Remaining; p--)
            {
                result.Add(context.Space.Decode(p));
            }
            return result;
        }
    }

    private sealed class CountingPlanner : IGemmPlanner
    {
        private int _calls;

        public int Calls => _calls;

        public GemmPlan Plan(long m, long n, long k, NmPattern pattern, HardwareConfig hardware)
        {
            Interlocked.Increment(ref _calls);
            return OfflineGemmPlanner.Instance.Plan(m, n, k, pattern, hardware);
        }
    }
}
