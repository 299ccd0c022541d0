using Sim.Training.Data;

namespace Sim.Training.Tests;

/// <summary>Sizes in data files and endless sources: a one-line error, never a wrapped size or an unbounded read.</summary>
public class DataLimitTests
{
    [Fact]
    public void IdxSizesWhoseProductExceeds64BitsAreAnErrorNotAWrappedCount()
    {
        // 0x7FFFFFFF^3 > 2^63: multiplied unchecked it wraps to a small positive number.
        byte[] header = [0, 0, 8, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3];
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Parse("x.idx", header, 3));
        Assert.Contains("more than 2^63 values", e.Message);
        Assert.StartsWith("x.idx: truncated", e.Message);
    }

    [Fact]
    public void ADataFileBeyondTheLimitIsRefusedBeforeReading()
    {
        var path = Path.Combine(Path.GetTempPath(), $"satsim-huge-{Guid.NewGuid():N}.idx");
        try
        {
            using (var f = File.Create(path))
            {
                f.SetLength(300L << 20); // sparse: costs no disk
            }
            var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(path, 3));
            Assert.Equal($"{path}: larger than 256 MiB, the limit for an IDX data file; is it the right file?", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
