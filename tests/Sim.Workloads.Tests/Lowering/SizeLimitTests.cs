using Sim.Workloads.Lowering;
using Sim.Workloads.Models;

namespace Sim.Workloads.Tests.Lowering;

/// <summary>Batch and model sizes from the command line: refused beyond their range, and totals exact or an error.</summary>
public class SizeLimitTests
{
    [Fact]
    public void ABatchOfInt32MaxIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LoweringOptions { Batch = int.MaxValue }.EnsureValid());
        Assert.Contains($"from 1 to {LoweringOptions.MaxBatch}", e.Message);
    }

    [Fact]
    public void TheLargestBatchGivesStagesThatAddUpToTheTotal()
    {
        // VGG-16 (ImageNet) at the largest batch: about 2.8e15 MACs per stage, far inside 64 bits, and exactly
        // the batch-1 counts times the batch (every GEMM's M is batch x pixels).
        var one = StageSummary.Of(ModelZoo.Create("vgg16-imagenet"), new LoweringOptions { Batch = 1 });
        var big = StageSummary.Of(ModelZoo.Create("vgg16-imagenet"), new LoweringOptions { Batch = LoweringOptions.MaxBatch });
        Assert.Equal(one.Fp.DenseMacs * LoweringOptions.MaxBatch, big.Fp.DenseMacs);
        Assert.Equal(big.Fp.DenseMacs + big.Bp.DenseMacs + big.Wg.DenseMacs + big.Wu.DenseMacs, big.DenseTotal);
        Assert.True(big.DenseTotal > big.Fp.DenseMacs);
    }

    [Fact]
    public void ATotalBeyond64BitsThrowsInsteadOfWrapping()
    {
        // VGG-16 at 16384 x 16384 pixels and the largest batch: each stage about 5e18 MACs, the sum beyond 2^63.
        var model = ModelZoo.Create("vgg16-imagenet", imageSize: ModelZoo.MaxImageSize);
        Assert.Throws<OverflowException>(() => StageSummary.Of(model, new LoweringOptions { Batch = LoweringOptions.MaxBatch }).DenseTotal);
    }

    [Fact]
    public void ImageSizesAndClassesBeyondTheirRangeAreRefused()
    {
        Assert.Throws<ModelException>(() => ModelZoo.Create("resnet18-cifar", imageSize: int.MaxValue));
        Assert.Throws<ModelException>(() => ModelZoo.Create("resnet18-cifar", classes: int.MaxValue));
    }
}
