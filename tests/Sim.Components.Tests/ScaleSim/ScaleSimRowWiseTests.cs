using Sim.Components.ScaleSim;

namespace Sim.Components.Tests.ScaleSim;

/// <summary>
/// SCALE-Sim v3 row-wise N:M pieces checked against independent references: MT19937's published reference output,
/// NumPy 1.24.2's legacy randint stream, hand-computed compressed layouts and storage. The field-by-field check
/// against SCALE-Sim v3's reports is ScaleSimV3GoldenTests (Sim.Cli.Tests).
/// </summary>
public class ScaleSimRowWiseTests
{
    [Fact]
    public void MersenneTwisterMatchesTheReferenceImplementation()
    {
        // mt19937ar.c (Matsumoto and Nishimura) seeded with init_genrand(5489): the 1st and the 10,000th outputs
        // (the latter is the C++11 standard's required value for std::mt19937, [rand.predef]).
        var rng = new NumPyLegacyRandom(5489);
        Assert.Equal(3499211612u, rng.NextUInt32());
        for (var i = 2; i < 10000; i++) rng.NextUInt32();
        Assert.Equal(4123659995u, rng.NextUInt32());
    }

    [Fact]
    public void RandIntMatchesNumPysLegacyStream()
    {
        // /usr/bin/python3 -c "import numpy as np; np.random.seed(40); print([np.random.randint(1,3) for _ in range(16)])"
        // (NumPy 1.24.2), and the same with randint(1, 5) for 5 draws.
        var rng = new NumPyLegacyRandom(40);
        Assert.Equal([1, 2, 2, 2, 1, 1, 1, 2, 1, 2, 1, 2, 2, 1, 2, 2], Enumerable.Range(0, 16).Select(_ => rng.RandInt(1, 3)).ToArray());
        rng = new NumPyLegacyRandom(40);
        Assert.Equal([3, 4, 4, 2, 1], Enumerable.Range(0, 5).Select(_ => rng.RandInt(1, 5)).ToArray());
    }

    [Fact]
    public void AnEmptyRangeConsumesNoDraws()
    {
        var a = new NumPyLegacyRandom(7);
        var b = new NumPyLegacyRandom(7);
        Assert.Equal(1, a.RandInt(1, 2));
        Assert.Equal(b.NextUInt32(), a.NextUInt32());
    }

    [Fact]
    public void CompressedLayoutKeepsTheFirstNOfEachBlockInPairsOfBlocks()
    {
        // K = 10, B = 4: padded to 16 (two pairs of blocks), 8 compressed rows; seed 40 draws N = 1, 2 for two filters.
        var rw = ScaleSimRowWiseSparsity.For(10, 2, 4, 40);
        Assert.Equal([1, 2], rw.Ns);
        Assert.Equal(8, rw.CompressedRows);
        // Filter 1 (N = 2): blocks at 0, 4, 8 (8 and 9 exist), 12 (padding): slots 0,1 | 4,5 | 8,9 | empty.
        Assert.Equal([0L, 1, 4, 5, 8, 9, -1, -1], Enumerable.Range(0, 8).Select(q => rw.Position(q, 1)).ToArray());
        // Filter 0 (N = 1): one per block.
        Assert.Equal([0L, -1, 4, -1, 8, -1, -1, -1], Enumerable.Range(0, 8).Select(q => rw.Position(q, 0)).ToArray());
        Assert.Equal(3 + 6, rw.Nonzeros);
    }

    [Fact]
    public void OddBlockSizesLeaveTheLastSlotOfEachPairEmpty()
    {
        // B = 5, h = 2: each pair of blocks (10 positions) gives 4 filled slots, stored contiguously; K' = 5 rows.
        var rw = ScaleSimRowWiseSparsity.For(10, 1, 5, 40);
        Assert.Equal(5, rw.CompressedRows);
        var n = rw.N(0);
        var expected = new long[] { 0, n > 1 ? 1 : -1, 5, n > 1 ? 6 : -1, -1 };
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(q => rw.Position(q, 0)).ToArray());
    }

    [Fact]
    public void StorageFollowsTheRepresentation()
    {
        var rw = ScaleSimRowWiseSparsity.For(10, 2, 4, 40);
        // Blocked ELLPACK: 8 x 2 slots, 2 bits each for a layer of M = 4: 16 + 1 words.
        Assert.Equal(("20", "17.0", "1.0", 1.0), rw.Storage("ellpack_block", 4));
        // M = 1 (dense layer column): no metadata bits.
        Assert.Equal(("20", "16.0", "0.0", 0.0), rw.Storage("ellpack_block", 1));
        // CSR: 9 nonzeros, their column ids and K + 1 = 11 row pointers; CSC: filters + 1 = 3 pointers.
        Assert.Equal(("20", "29", "20", 20.0), rw.Storage("csr", 4));
        Assert.Equal(("20", "21", "12", 12.0), rw.Storage("csc", 4));
    }

    [Theory]
    [InlineData("BlockSize : 1", "a.cfg:22: BlockSize: row-wise N:M needs a block size from 2 to ArrayHeight (8), got 1")]
    [InlineData("BlockSize : 16", "a.cfg:22: BlockSize: row-wise N:M needs a block size from 2 to ArrayHeight (8), got 16")]
    [InlineData("RandomNumberGeneratorSeed : -1", "a.cfg:23: RandomNumberGeneratorSeed: expected an integer from 0 to 4294967295 (NumPy's seed range), got '-1'")]
    public void BadRowWiseSettingsNameTheirLine(string line, string message)
    {
        var cfg = new List<string>
        {
            "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8", "IfmapSramSzkB: 64",
            "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "IfmapOffset: 0", "FilterOffset: 10000000", "OfmapOffset: 20000000",
            "Bandwidth : 10", "Dataflow : ws", "MemoryBanks: 1", "[run_presets]", "InterfaceBandwidth: CALC", "[sparsity]",
            "SparsitySupport : true", "SparseRep : ellpack_block", "OptimizedMapping : true", "",
            "BlockSize : 4", "RandomNumberGeneratorSeed : 40",
        };
        var i = cfg.FindIndex(l => l.StartsWith(line.Split(' ')[0], StringComparison.Ordinal));
        cfg[i] = line;
        var e = Assert.Throws<ScaleSimFormatException>(() => ScaleSimConfigReader.Parse("a.cfg", cfg));
        Assert.Equal(message, e.Message);
    }

    /// <summary>
    /// Differences from SCALE-Sim v3 that are not modelled are announced. FilterOffset 0: checked with the oracle
    /// (8x8 WS, BlockSize 4, seed 7, sparse_conv.csv): v3 reads one filter word less from DRAM on every layer.
    /// </summary>
    [Theory]
    [InlineData("FilterOffset: 0", "FilterOffset = 0 with SCALE-Sim v3 row-wise N:M is not reproduced")]
    [InlineData("IfmapSRAMBankBandwidth: 4", "differ from Bandwidth (10): SCALE-Sim v3 fetches IFMAP and filter words at them in USER mode")]
    [InlineData("IfmapCustomLayout: True", "IfmapCustomLayout / FilterCustomLayout = true")]
    [InlineData("UseRamulatorTrace: True", "UseRamulatorTrace = True")]
    public void UnmodelledV3SettingsAreAnnounced(string line, string warning)
    {
        string[] cfg =
        [
            "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8", "IfmapSramSzkB: 64",
            "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "FilterOffset: 10000000", "Bandwidth : 10", "Dataflow : ws",
            "[run_presets]", "InterfaceBandwidth: USER", "UseRamulatorTrace: False", "[layout]", "IfmapCustomLayout: False", "IfmapSRAMBankBandwidth: 10",
            "FilterSRAMBankBandwidth: 10", "[sparsity]", "SparsitySupport : true", "SparseRep : csr", "OptimizedMapping : true",
            "BlockSize : 8",
        ];
        Assert.DoesNotContain(ScaleSimCompatibility.Warnings(ScaleSimConfigReader.Parse("a.cfg", cfg), [], false), w => w.Contains("not reproduced", StringComparison.Ordinal));
        var key = line.Split(':')[0];
        var changed = cfg.Select(l => l.StartsWith(key + ":", StringComparison.Ordinal) ? line : l).ToArray();
        var warnings = ScaleSimCompatibility.Warnings(ScaleSimConfigReader.Parse("a.cfg", changed), [], false);
        Assert.Contains(warnings, w => w.Contains(warning, StringComparison.Ordinal) && w.Contains("not reproduced", StringComparison.Ordinal));
    }

    [Fact]
    public void SeedDefaultsToNumPysDocumentedForty()
    {
        var cfg = new[]
        {
            "[general]", "run_name = t", "[architecture_presets]", "ArrayHeight: 8", "ArrayWidth: 8", "IfmapSramSzkB: 64",
            "FilterSramSzkB: 64", "OfmapSramSzkB: 64", "Bandwidth : 10", "Dataflow : ws", "[run_presets]",
            "InterfaceBandwidth: CALC", "[sparsity]", "SparsitySupport : true", "SparseRep : csr", "OptimizedMapping : true",
            "BlockSize : 8",
        };
        var c = ScaleSimConfigReader.Parse("a.cfg", cfg);
        Assert.Equal(8, c.SparsityBlockSize);
        Assert.Equal(40u, c.SparsitySeed);
        Assert.True(ScaleSimCompatibleModel.RowWiseApplies(c));
    }
}
