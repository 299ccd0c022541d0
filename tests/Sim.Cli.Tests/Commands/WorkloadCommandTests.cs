using System.Text.Json;

namespace Sim.Cli.Tests.Commands;

public class WorkloadCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void JsonHasParametersStagesAndIdealSpeedup()
    {
        var (code, stdout, _) = Run("workload", "--model", "resnet18-imagenet", "--batch", "1", "--method", "bdwp", "--nm", "2:8", "--json");
        Assert.Equal(CliApp.Ok, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        // torchvision resnet18: 11,689,512 parameters, 1.814 GMACs forward at 224x224.
        Assert.Equal(11_689_512, root.GetProperty("parameters").GetInt64());
        var stages = root.GetProperty("stages");
        Assert.Equal(1_814_073_344, stages.GetProperty("fp").GetProperty("dense_macs").GetInt64());
        // WG is dense in BDWP.
        Assert.Equal(stages.GetProperty("wg").GetProperty("dense_macs").GetInt64(), stages.GetProperty("wg").GetProperty("effective_macs").GetInt64());
        long dense = 0, effective = 0;
        foreach (var s in new[] { "fp", "bp", "wg", "wu" })
        {
            dense += stages.GetProperty(s).GetProperty("dense_macs").GetInt64();
            effective += stages.GetProperty(s).GetProperty("effective_macs").GetInt64();
        }
        Assert.Equal((double)dense / effective, root.GetProperty("ideal_speedup").GetDouble());
        Assert.InRange(root.GetProperty("ideal_speedup").GetDouble(), 1.5, 2.0);
    }

    [Fact]
    public void TableWithoutJsonAndUsageErrorsForBadFlags()
    {
        var (code, stdout, _) = Run("workload", "--model", "lenet5");
        Assert.Equal(CliApp.Ok, code);
        Assert.Contains("effective MACs", stdout);
        var bad = Run("workload", "--model", "resnet18");
        Assert.Equal(CliApp.UsageError, bad.Code);
        Assert.Contains("--model: unknown model 'resnet18'", bad.Err);
        var nm = Run("workload", "--model", "lenet5", "--method", "bdwp", "--nm", "8:2");
        Assert.Equal(CliApp.UsageError, nm.Code);
        Assert.Contains("--nm", nm.Err);
    }
}
