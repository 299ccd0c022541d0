using System.Text;
using CsCheck;
using Sim.Components.ScaleSim;
using Sim.Training.Data;
using Sim.Mapping.Traces;

namespace Sim.Fuzz.Tests;

/// <summary>Mutation fuzzing of the binary and line formats: traces, SCALE-Sim configurations and topologies, IDX and CIFAR data.</summary>
public class DataFormatFuzzTests
{
    private static void Sample<T>(Gen<T> gen, Action<T> assert, int iterations) => FuzzBudget.Run(gen, assert, iterations);

    [Fact]
    public void TracesEndInATraceErrorOrOperations()
    {
        Sample(Mutator.Text(Corpus.Traces.Value), text => Outcome.MustEndCleanly(() =>
        {
            using var reader = new TraceReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "t.jsonl");
            foreach (var op in reader.Operations())
            {
                Assert.True(op.Id >= 0);
            }
        }, Outcome.OneLine<TraceFormatException>()), 300);
    }

    [Fact]
    public void TopologiesEndInAFormatErrorOrLayersWhoseCountsFit()
    {
        var cfg = ScaleSimConfigReader.Parse("c.cfg", Corpus.ScaleSimConfigs[0].Split('\n'));
        Sample(Mutator.Text(Corpus.Topologies), text => Outcome.MustEndCleanly(() =>
        {
            // The model then gives counts that fit or a one-line refusal, never a wrapped count. It simulates
            // every demand row (cycle), so at most 2^16 rows per sample are run here (larger layers are refused or
            // take minutes: ScaleSimCompatibleModel.MaxRows bounds them): a
            // mutated file of hundreds of layers of up to 2^20 rows took 45 s on a loaded machine, past the limit.
            long rowsLeft = 1L << 16;
            foreach (var (layer, i) in TopologyReader.Parse("t.csv", text.Split('\n')).Select((l, i) => (l, i)))
            {
                Assert.InRange(layer.Macs, 1, 1L << 62);
                var rows = ScaleSimCompatibleModel.DemandRows(layer, cfg);
                if (rows > rowsLeft) continue;
                rowsLeft -= rows;
                try
                {
                    var result = ScaleSimCompatibleModel.Evaluate(i, layer, cfg);
                    Assert.True(result.TotalCycles >= 0);
                    Assert.InRange(result.OverallUtilPercent, 0, 100.0001);
                }
                catch (Exception e) when (e is OverflowException or InvalidOperationException)
                {
                    Outcome.CleanLine(e.Message);
                }
            }
        }, Outcome.OneLine<ScaleSimFormatException>()), 400);
    }

    [Fact]
    public void ScaleSimConfigsEndInAFormatErrorOrAConfig()
    {
        Sample(Mutator.Text(Corpus.ScaleSimConfigs), text => Outcome.MustEndCleanly(() =>
        {
            var cfg = ScaleSimConfigReader.Parse("c.cfg", text.Split('\n'));
            Assert.InRange(cfg.ArrayHeight, 1, ScaleSimConfigReader.MaxArrayDimension);
            Assert.InRange(cfg.ArrayWidth, 1, ScaleSimConfigReader.MaxArrayDimension);
        }, Outcome.OneLine<ScaleSimFormatException>()), 400);
    }

    [Fact]
    public void IdxFilesEndInADataErrorOrTheirPromisedSize()
    {
        Sample(Mutator.Bytes(Corpus.Idx), bytes => Outcome.MustEndCleanly(() =>
        {
            foreach (var rank in new[] { 1, 3 })
            {
                try
                {
                    var (dims, data) = IdxReader.Parse("d.idx", bytes, rank);
                    Assert.Equal(dims.Aggregate(1L, (a, d) => a * d), data.LongLength);
                }
                catch (DataFormatException e)
                {
                    Outcome.CleanLine(e.Message);
                }
            }
        }, _ => null), 500);
    }

    [Fact]
    public void CifarFilesEndInADataErrorOrWholeRecords()
    {
        var dir = Directory.CreateTempSubdirectory("satsim-fuzz-cifar").FullName;
        try
        {
            Sample(Mutator.Bytes(Corpus.Cifar), bytes => Outcome.MustEndCleanly(() =>
            {
                var path = Path.Combine(dir, $"{Guid.NewGuid():N}.bin");
                File.WriteAllBytes(path, bytes);
                var (pixels, labels) = CifarReader.Read(path, 1, 10);
                Assert.Equal(labels.Length * CifarReader.ImageBytes, pixels.Length);
                Assert.All(labels, l => Assert.InRange(l, 0, 9));
                File.Delete(path);
            }, Outcome.OneLine<DataFormatException>()), 150);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
