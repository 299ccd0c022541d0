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

    [Theory]
    [InlineData(0xFF, 0xFF, 0xFF, 0xFF, "4294967295")]
    [InlineData(0x80, 0x00, 0x00, 0x00, "2147483648")]
    [InlineData(0x00, 0x00, 0x00, 0x00, "0")]
    public void AnIdxSizeIsShownAsTheUnsignedNumberTheFileHolds(byte a, byte b, byte c, byte d, string shown)
    {
        byte[] header = [0, 0, 8, 1, a, b, c, d, 7];
        var e = Assert.Throws<DataFormatException>(() => IdxReader.Parse("x.idx", header, 1));
        Assert.Equal($"x.idx: dimension 0 is {shown}; expected a positive size up to 2147483647", e.Message);
    }

    [Fact]
    public void AFolderGivenAsADataFileSaysItIsAFolder()
    {
        var dir = Directory.CreateTempSubdirectory("satsim-idx-dir-").FullName;
        try
        {
            var e = Assert.Throws<DataFormatException>(() => IdxReader.Read(dir, 3));
            Assert.Equal($"{dir}: cannot read (is a directory, not a file)", e.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
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
