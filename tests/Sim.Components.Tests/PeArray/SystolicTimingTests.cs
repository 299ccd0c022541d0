using Sim.Components.Operations;
using Sim.Vocabulary;
using Sim.Components.PeArray;

namespace Sim.Components.Tests.PeArray;

public class SystolicTimingTests
{
    [Fact]
    public void OutputStationarySingleFoldByHand()
    {
        // 2x2 array, C(2x2) = A(2x3) B(3x2): PE(i,j) sees its k-th operand pair at cycle k+i+j,
        // so the last MAC (k=2 at PE(1,1)) is at cycle 4: 5 cycles = T + R + C - 2 = 3 + 2 + 2 - 2.
        var t = SystolicTiming.For(2, 2, Dataflow.OutputStationary, 2, 2, 3);
        Assert.Equal(1, t.Folds);
        Assert.Equal(5, t.SerialCycles);
        Assert.Equal(4, t.ScaleSimTotalCycles);
    }

    [Fact]
    public void OutputStationaryFoldsByHand()
    {
        // 4x4 array, M=10, N=6, K=7: Sr=10 -> 3 row folds, Sc=6 -> 2 column folds; each fold 7+4+4-2 = 13.
        var t = SystolicTiming.For(4, 4, Dataflow.OutputStationary, 10, 6, 7);
        Assert.Equal(3, t.RowFolds);
        Assert.Equal(2, t.ColFolds);
        Assert.Equal(6 * 13, t.SerialCycles);
        // Mapping efficiency: used PEs 10*6 = 60 over 6 folds of 16 PEs.
        Assert.Equal(60.0 / 96.0, t.MappingEfficiency, 12);
    }

    [Fact]
    public void WeightStationaryMatchesPublishedScaleSimRun()
    {
        // SCALE-Sim v2.0.2, 32x32 WS, GEMM M=128 N=128 K=64 on an unstalled memory reports
        // Total Cycles 1775, Overall Util 57.69 %, Mapping Efficiency 100 %, Compute Util 50.59 %
        // (third-party run notes on SCALE-Sim, "[ran it]" section). By hand: Sr=K=64 -> 2 row folds,
        // Sc=N=128 -> 4 column folds, T=M=128; per fold 2*32 + 32 + 128 - 2 = 222; 8*222 - 1 = 1775.
        var t = SystolicTiming.For(32, 32, Dataflow.WeightStationary, 128, 128, 64);
        Assert.Equal(8, t.Folds);
        Assert.Equal(222, t.PerFoldCycles);
        Assert.Equal(1775, t.ScaleSimTotalCycles);
        Assert.Equal(1.0, t.MappingEfficiency, 12);
        Assert.Equal(50.59, Math.Round(t.ScaleSimComputeUtilization * 100, 2));
        Assert.Equal(57.69, Math.Round(128.0 * 128 * 64 * 100 / (t.ScaleSimTotalCycles * 1024.0), 2));
    }

    [Fact]
    public void InputStationaryByHand()
    {
        // IS: Sr = K, Sc = M, T = N. 8x4 array, M=9, N=5, K=16: row folds 2, column folds 3, per fold 2*8+4+5-2 = 23.
        var t = SystolicTiming.For(8, 4, Dataflow.InputStationary, 9, 5, 16);
        Assert.Equal(new SystolicMapping(16, 9, 5), t.Mapping);
        Assert.Equal(6, t.Folds);
        Assert.Equal(6 * 23, t.SerialCycles);
    }

    [Fact]
    public void OutputStationaryFormulaMatchesCycleSteppedArray()
    {
        // An independent cycle-stepped model of an OS array: A enters row i with skew i, B enters column j with
        // skew j, operands hop one PE per cycle; count cycles until every PE has done its T MACs.
        foreach (var (r, c, m, n, k) in new[] { (3, 2, 3, 2, 4), (4, 4, 4, 4, 1), (2, 5, 2, 5, 7) })
        {
            var stepped = SteppedOutputStationaryCycles(r, c, k);
            Assert.Equal(SystolicTiming.For(r, c, Dataflow.OutputStationary, m, n, k).SerialCycles, stepped);
        }
    }

    private static long SteppedOutputStationaryCycles(int rows, int cols, int t)
    {
        var aReg = new int[rows, cols];
        var bReg = new int[rows, cols];
        var done = new int[rows, cols];
        for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) { aReg[i, j] = -1; bReg[i, j] = -1; }
        var cycle = 0;
        while (true)
        {
            // Shift right/down (from the far end so values move one hop), inject skewed inputs at the edges.
            for (var i = 0; i < rows; i++)
            {
                for (var j = cols - 1; j > 0; j--) aReg[i, j] = aReg[i, j - 1];
                var kk = cycle - i;
                aReg[i, 0] = kk >= 0 && kk < t ? kk : -1;
            }
            for (var j = 0; j < cols; j++)
            {
                for (var i = rows - 1; i > 0; i--) bReg[i, j] = bReg[i - 1, j];
                var kk = cycle - j;
                bReg[0, j] = kk >= 0 && kk < t ? kk : -1;
            }
            var all = true;
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    if (aReg[i, j] >= 0)
                    {
                        Assert.Equal(aReg[i, j], bReg[i, j]); // matching reduction index meets in the PE
                        done[i, j]++;
                    }
                    all &= done[i, j] == t;
                }
            }
            cycle++;
            if (all) return cycle;
        }
    }

    [Fact]
    public void SparseModeShrinksStreamingByNOverM()
    {
        var nm = new NmPattern(2, 8);
        // OS: T = K. K = 256 -> 64 kept; fill/drain unchanged.
        var dense = SystolicTiming.For(32, 32, Dataflow.OutputStationary, 64, 64, 256);
        var sparse = SystolicTiming.For(32, 32, Dataflow.OutputStationary, 64, 64, 256, nm);
        Assert.Equal(dense.FillDrainCycles, sparse.FillDrainCycles);
        Assert.Equal(dense.StreamCycles * 2 / 8, sparse.StreamCycles);
        Assert.Equal(sparse.StreamCycles + sparse.Folds * sparse.FillDrainCycles, sparse.SerialCycles);
        // WS: K is on the rows, so the row folds shrink: K = 1024 -> 256 kept -> 8 instead of 32 row folds.
        var wsDense = SystolicTiming.For(32, 32, Dataflow.WeightStationary, 100, 32, 1024);
        var wsSparse = SystolicTiming.For(32, 32, Dataflow.WeightStationary, 100, 32, 1024, nm);
        Assert.Equal(32, wsDense.RowFolds);
        Assert.Equal(8, wsSparse.RowFolds);
        Assert.Equal(wsDense.StreamCycles / 4, wsSparse.StreamCycles);
        // Partial last group: K = 11 at 2:8 keeps 2 + min(3, 2) = 4.
        Assert.Equal(4, nm.Kept(11));
    }

    [Fact]
    public void FoldOverlapPaysFillOnce()
    {
        var t = SystolicTiming.For(32, 32, Dataflow.OutputStationary, 128, 128, 512);
        // 16 folds of T = 512 (> R): 512 + 62 + 15 * 512.
        Assert.Equal(16, t.Folds);
        Assert.Equal(512 + 62 + 15 * 512, t.OverlappedCycles);
        Assert.True(t.OverlappedCycles < t.SerialCycles);
        // Short folds are bounded by R cycles per fold (stationary data or outputs move through R rows).
        var shortT = SystolicTiming.For(32, 32, Dataflow.WeightStationary, 8, 64, 64);
        Assert.Equal(shortT.PerFoldCycles + (shortT.Folds - 1) * 32, shortT.OverlappedCycles);
    }

    [Fact]
    public void RejectsEmptyShapes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SystolicTiming.For(32, 32, Dataflow.OutputStationary, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SystolicTiming.For(0, 32, Dataflow.OutputStationary, 1, 1, 1));
    }
}
