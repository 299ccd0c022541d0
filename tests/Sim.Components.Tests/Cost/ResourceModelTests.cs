using Sim.Components.Config;
using Sim.Components.Cost;
using Sim.Components.Operations;
using Sim.Vocabulary;

namespace Sim.Components.Tests.Cost;

public class ResourceModelTests
{
    private static readonly FpgaDevice Vu9p = DeviceCatalog.BuiltIn.Get("xcvu9p");

    [Fact]
    public void PeCostsByHand()
    {
        // FP16 on DSP48E2: 1 DSP; LUTs 60 + 320 (multiplier tail, FP32 adder) + 10 control; FFs 90 + 420 + (16 + 16 + 32) + 10.
        Assert.Equal(new ResourceVector(1, 390, 584, 0, 0), PeCosts.For(DspKind.Dsp48E2, OperandPrecision.Fp16, 1));
        // 2:8 adds 16 bits x ceil(8/4) = 32 mux LUTs + 3 index LUTs; 7 x 16 group FFs + 3 index FFs.
        Assert.Equal(new ResourceVector(1, 425, 699, 0, 0), PeCosts.For(DspKind.Dsp48E2, OperandPrecision.Fp16, 8));
        // 2:4: ceil(4/4) = 1 LUT per bit, 2 index bits.
        Assert.Equal(new ResourceVector(0, 18, 50, 0, 0), PeCosts.SparseSelection(OperandPrecision.Fp16, 4));
        Assert.Equal(2, PeCosts.For(DspKind.Dsp48E2, OperandPrecision.Fp32, 1).Dsps);
        Assert.Equal(0.5, PeCosts.For(DspKind.Dsp48E2, OperandPrecision.Int8, 1).Dsps);
        Assert.Equal(1, PeCosts.For(DspKind.Stratix10VariablePrecision, OperandPrecision.Fp32, 1).Dsps);
    }

    [Fact]
    public void SatDefaultOnXcvu9pByHand()
    {
        var r = ResourceModel.Estimate(HardwareConfig.Sat, Vu9p);
        // DSP: 1024 PEs x 1 + 32 vector lanes x 2.
        Assert.Equal(1024 + 64, r["dsp"].Used);
        // LUT: 1024 x 425 + 32 sorter lanes x (2 x (16 + 2 x 19) + 16) + 32 vector lanes x 620 + controller 20,000
        //      + one DDR4 channel 10,000 + shell 60,000.
        Assert.Equal(1024 * 425 + 32 * 124 + 32 * 620 + 20_000 + 10_000 + 60_000, r["lut"].Used);
        // FF: 1024 x 699 + 32 x (8 x 16 + 2 x 19 + 16) + 32 x 770 + 30,000 + 12,000 + 90,000.
        Assert.Equal(1024 * 699 + 32 * 182 + 32 * 770 + 30_000 + 12_000 + 90_000, r["ff"].Used);
        // Input, weight, output 1 MiB each on 32 UltraRAMs; index 128 KiB (512 words x 64 bits per bank) on 32 BRAM36,
        // plus controller 16, DDR4 channel 26, shell 100 BRAM36.
        Assert.Equal(96, r["uram"].Used);
        Assert.Equal(32 + 16 + 26 + 100, r["bram"].Used);
        Assert.True(r.Fits);
        Assert.Equal("lut", r.LimitingResource);
        Assert.Equal(100.0 * 1088 / 6840, r["dsp"].Percent, 9);
        Assert.Equal("fits", r.Reason);
    }

    [Fact]
    public void A128By128Fp16ArrayDoesNotFitXcvu9pButA32By32Does()
    {
        var big = ResourceModel.Estimate(HardwareConfig.Sat with { ArrayRows = 128, ArrayCols = 128 }, Vu9p);
        Assert.False(big.Fits);
        Assert.Equal(16_384 + 64, big["dsp"].Used);
        Assert.True(big["dsp"].Percent > 100);
        Assert.Contains("dsp 16,448 > 6,840 available", big.Reason);
        Assert.Contains("lut", big.Reason);
        Assert.True(ResourceModel.Estimate(HardwareConfig.Sat, Vu9p).Fits);
    }

    [Fact]
    public void BuffersFallBackToBlockRamWhenUltraRamRunsOut()
    {
        // 3 x 16 MiB = 3 x 512 UltraRAMs > 960: the first (input, by kind order among equals) takes 512, weight and output
        // do not fit the remaining 448 and go to block RAM.
        var buffers = new BufferSet
        {
            Input = new BufferConfig { CapacityBytes = 16L << 20 },
            Weight = new BufferConfig { CapacityBytes = 16L << 20 },
            Output = new BufferConfig { CapacityBytes = 16L << 20 },
        };
        var r = ResourceModel.Estimate(HardwareConfig.Sat with { Buffers = buffers }, Vu9p);
        Assert.Equal([MemoryPrimitive.UltraRam, MemoryPrimitive.BlockRam, MemoryPrimitive.BlockRam, MemoryPrimitive.BlockRam], r.Buffers.Select(b => b.Primitive));
        Assert.False(r.Fits);
        Assert.Equal("bram", r.LimitingResource);
        // Forcing every buffer to block RAM on a device without UltraRAM is the only choice there.
        var z = ResourceModel.Estimate(HardwareConfig.Sat, DeviceCatalog.BuiltIn.Get("xczu9eg"));
        Assert.All(z.Buffers, b => Assert.Equal(MemoryPrimitive.BlockRam, b.Primitive));
        Assert.Equal(0, z["uram"].Percent);
    }

    [Fact]
    public void DenseOnlyPesAreSmallerAndMaxUtilizationTightensTheLimit()
    {
        var sparse = ResourceModel.Estimate(HardwareConfig.Sat, Vu9p);
        var dense = ResourceModel.Estimate(HardwareConfig.Sat, Vu9p, new DesignOptions { Sparsity = NmPattern.Dense });
        Assert.Equal(1024 * 35 + 32 * 124, sparse["lut"].Used - dense["lut"].Used);
        var tight = ResourceModel.Estimate(HardwareConfig.Sat, Vu9p, new DesignOptions { MaxUtilization = 0.4 });
        Assert.False(tight.Fits);
        Assert.StartsWith("does not fit xcvu9p: lut", tight.Reason);
    }
}
