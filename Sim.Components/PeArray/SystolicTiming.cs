using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.PeArray;

/// <summary>
/// Closed-form cycle counts of one GEMM on an R x C systolic array, derived from first principles and matching
/// SCALE-Sim v2's compute model on an ideal memory:
/// <list type="bullet">
/// <item>The GEMM is cut into folds: ceil(Sr/R) x ceil(Sc/C) (ISPASS 2020 eq. 2); every fold occupies the whole
/// array's pipeline (unused rows/columns still cost their skew).</item>
/// <item>Output stationary, per fold: operands enter skewed, so the last of T reduction steps reaches the far PE
/// after T + (R - 1) + (C - 1) cycles; outputs leave through the bottom edge in the same skewed wave:
/// T + R + C - 2 cycles.</item>
/// <item>Weight and input stationary, per fold: R cycles to shift the stationary operand in, then T streamed
/// vectors that cross R rows and C columns: 2R + C + T - 2 cycles (ISPASS 2020 eq. 4).</item>
/// <item>Without fold overlap folds run back to back: total = folds x per-fold. SCALE-Sim reports the index of
/// the last cycle, one less (<see cref="ScaleSimTotalCycles"/>).</item>
/// <item>With fold overlap (SAT's interleave mapping) the next fold's fill hides under the current fold's stream:
/// the array pays one fill/drain and then max(T, R) per further fold (R: the stationary operand, or the finished
/// outputs, need R cycles to move through the array between folds).</item>
/// </list>
/// Cycle counts are products of user-supplied sizes, so they are computed with checked arithmetic: a count that
/// cannot be represented throws <see cref="OverflowException"/> instead of wrapping to a wrong (even negative) value.
/// </summary>
public readonly record struct SystolicTiming
{
    public required int Rows { get; init; }
    public required int Cols { get; init; }
    public required Dataflow Dataflow { get; init; }
    public required SystolicMapping Mapping { get; init; }
    public required long RowFolds { get; init; }
    public required long ColFolds { get; init; }

    public long Folds => checked(RowFolds * ColFolds);

    /// <summary>Cycles of one fold when run alone: OS T + R + C - 2; WS/IS 2R + C + T - 2.</summary>
    public long PerFoldCycles => Dataflow == Dataflow.OutputStationary
        ? checked(Mapping.T + Rows + Cols - 2)
        : checked(2L * Rows + Cols + Mapping.T - 2);

    /// <summary>Steady-state streaming cycles: T per fold.</summary>
    public long StreamCycles => checked(Folds * Mapping.T);

    /// <summary>Fill and drain of one fold (per-fold cycles minus its T streaming cycles).</summary>
    public long FillDrainCycles => PerFoldCycles - Mapping.T;

    /// <summary>Folds run one after another (SCALE-Sim's assumption).</summary>
    public long SerialCycles => checked(Folds * PerFoldCycles);

    /// <summary>Folds overlapped: one full fold, then max(T, R) per further fold.</summary>
    public long OverlappedCycles => checked(PerFoldCycles + (Folds - 1) * Math.Max(Mapping.T, Rows));

    /// <summary>SCALE-Sim v2's "Total Cycles" on an ideal memory: the index of the last cycle, SerialCycles - 1.</summary>
    public long ScaleSimTotalCycles => SerialCycles - 1;

    /// <summary>Cycles with or without fold overlap.</summary>
    public long Cycles(bool foldOverlap) => foldOverlap ? OverlappedCycles : SerialCycles;

    /// <summary>Average over folds of used PEs / all PEs (SCALE-Sim's "Mapping Efficiency").</summary>
    public double MappingEfficiency
    {
        get
        {
            // Folds split into full and partial along each axis; average of products = product of averages here
            // because every (row fold, column fold) pair occurs exactly once.
            var rowAvg = (double)Mapping.Sr / (RowFolds * Rows);
            var colAvg = (double)Mapping.Sc / (ColFolds * Cols);
            return rowAvg * colAvg;
        }
    }

    /// <summary>
    /// SCALE-Sim's per-fold "Compute Util": used-PE MACs over all-PE cycles of a fold, averaged over folds. The fold
    /// length it divides by is that of the stationary-operand demand window: OS T + R + C - 2, WS/IS 2R + 2C + T - 3.
    /// </summary>
    public double ScaleSimComputeUtilization
    {
        get
        {
            var window = Dataflow == Dataflow.OutputStationary
                ? (double)(Mapping.T + Rows + Cols - 2)
                : 2.0 * Rows + 2.0 * Cols + Mapping.T - 3;
            return MappingEfficiency * Mapping.T / window;
        }
    }

    /// <summary>Operand words the array reads from its SRAMs in SCALE-Sim's accounting (ifmap, filter, ofmap writes).</summary>
    public (long IfmapReads, long FilterReads, long OfmapWrites) ScaleSimSramAccesses => checked(Dataflow switch
    {
        // OS: ifmap rows re-streamed per column fold, filter columns per row fold; ofmap written once
        // (SCALE-Sim also adds R + C per fold to its OS ofmap count).
        Dataflow.OutputStationary => (ColFolds * Mapping.Sr * Mapping.T, RowFolds * Mapping.Sc * Mapping.T,
            Mapping.Sr * Mapping.Sc + Folds * (Rows + Cols)),
        // WS: the weights (Sr x Sc) are read once; inputs (T x Sr) once per column fold; outputs per row fold.
        Dataflow.WeightStationary => (ColFolds * Mapping.Sr * Mapping.T, Mapping.Sr * Mapping.Sc, RowFolds * Mapping.Sc * Mapping.T),
        // IS: the inputs (Sr x Sc) are read once; weights (Sr x T) once per column fold; outputs per row fold.
        _ => (Mapping.Sr * Mapping.Sc, ColFolds * Mapping.Sr * Mapping.T, RowFolds * Mapping.Sc * Mapping.T),
    });

    public static SystolicTiming For(int rows, int cols, Dataflow dataflow, long m, long n, long k, NmPattern sparsity)
    {
        if (rows <= 0 || cols <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"array must be at least 1 x 1 (got {rows} x {cols})");
        }
        var map = SystolicMapping.For(dataflow, m, n, k, sparsity);
        return new SystolicTiming
        {
            Rows = rows,
            Cols = cols,
            Dataflow = dataflow,
            Mapping = map,
            RowFolds = (map.Sr + rows - 1) / rows,
            ColFolds = (map.Sc + cols - 1) / cols,
        };
    }

    public static SystolicTiming For(int rows, int cols, Dataflow dataflow, long m, long n, long k)
        => For(rows, cols, dataflow, m, n, k, NmPattern.Dense);
}
