using Sim.Training.Layers;
using Sim.Training.Optim;
using Sim.Training.Tensors;

namespace Sim.Training.Tests;

public class OptimTests
{
    [Fact]
    public void Sgd_momentum_and_weight_decay_follow_the_recurrence_by_hand()
    {
        var p = new Parameter("w", new Tensor(new float[] { 1f }, 1), decay: true);
        var sgd = new Sgd(momentum: 0.9f, weightDecay: 0.1f);
        p.Grad.Data[0] = 0.5f;
        sgd.Step([p], lr: 0.1f);
        // v1 = 0.5 + 0.1*1 = 0.6; w1 = 1 - 0.06 = 0.94
        Assert.Equal(0.94f, p.Value.Data[0], 6);
        Assert.Equal(0f, p.Grad.Data[0]);
        p.Grad.Data[0] = 0.5f;
        sgd.Step([p], lr: 0.1f);
        // v2 = 0.9*0.6 + 0.5 + 0.094 = 1.134; w2 = 0.94 - 0.1134 = 0.8266
        Assert.Equal(0.8266f, p.Value.Data[0], 5);
    }

    [Fact]
    public void Gradient_scale_is_divided_out()
    {
        var p = new Parameter("b", new Tensor(new float[] { 0f }, 1), decay: false);
        p.Grad.Data[0] = 1024f;
        new Sgd(0f, 0.5f).Step([p], lr: 1f, gradScale: 1024f);
        Assert.Equal(-1f, p.Value.Data[0]);
    }

    [Fact]
    public void Schedules_match_closed_forms()
    {
        var warm = new LrSchedule(LrScheduleKind.Cosine, 0.1f, warmupSteps: 10, minLr: 0f);
        Assert.Equal(0.01f, warm.Rate(0, 110), 6);
        Assert.Equal(0.1f, warm.Rate(9, 110), 6);
        Assert.Equal(0.1f, warm.Rate(10, 110), 6);
        Assert.Equal(0.05f, warm.Rate(60, 110), 5);   // half way through the cosine
        Assert.Equal(0f, warm.Rate(110, 110), 6);
        var step = new LrSchedule(LrScheduleKind.Step, 1f, stepEvery: 30, gamma: 0.1f);
        Assert.Equal(1f, step.Rate(29, 100));
        Assert.Equal(0.1f, step.Rate(30, 100), 6);
        Assert.Equal(0.01f, step.Rate(65, 100), 6);
    }

    [Fact]
    public void Loss_scaler_skips_overflowing_steps_and_halves()
    {
        var p = new Parameter("w", new Tensor(2), decay: true);
        var s = new LossScaler(1024f, growthInterval: 2);
        p.Grad.Data[1] = float.PositiveInfinity;
        Assert.False(s.Check([p]));
        Assert.Equal(512f, s.Scale);
        p.Grad.Data[1] = 1f;
        Assert.True(s.Check([p]));
        Assert.True(s.Check([p]));
        Assert.Equal(1024f, s.Scale);
    }

    [Fact]
    public void Half_and_bfloat_rounding_match_known_values()
    {
        // 1 + 2^-11 is halfway between FP16 neighbours 1 and 1 + 2^-10: ties to even gives 1
        Assert.Equal(1f, PrecisionRounding.Round(1f + MathF.Pow(2, -11), Precision.FP16));
        Assert.Equal(65504f, PrecisionRounding.Round(65504f, Precision.FP16));
        Assert.True(float.IsPositiveInfinity(PrecisionRounding.Round(70000f, Precision.FP16)));
        // BF16 keeps 8 significant bits: 1 + 2^-8 rounds to 1 (tie to even), 1 + 3*2^-9 to 1 + 2^-7
        Assert.Equal(1f, PrecisionRounding.Round(1f + MathF.Pow(2, -8), Precision.BF16));
        Assert.Equal(1f + MathF.Pow(2, -7), PrecisionRounding.Round(1f + 3 * MathF.Pow(2, -9), Precision.BF16));
        Assert.Equal(3.140625f, PrecisionRounding.Round(3.14159265f, Precision.BF16));
    }
}
