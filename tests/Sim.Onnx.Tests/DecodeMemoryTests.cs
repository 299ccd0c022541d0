namespace Sim.Onnx.Tests;

/// <summary>
/// Decoding an imported model's FP32 weights copies nothing: the values are views of the parsed file's raw data,
/// so an imported and decoded model holds its weights once (the import benchmark's figure, here as a check).
/// </summary>
public sealed class DecodeMemoryTests
{
    [Theory]
    [InlineData("residual-infer13.onnx")]
    [InlineData("lenet5-train17.onnx")]
    public void Decoding_fp32_weights_allocates_no_copy_of_them(string file)
    {
        var model = OnnxImporter.Import(FixtureImportTests.Fixture(file));
        var weightBytes = model.Graph.ParameterCount * sizeof(float);
        long values = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var decode in model.InitialValues.Values)
        {
            values += decode().Length;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(model.Graph.ParameterCount, values);
        // a copy would allocate weightBytes (19,562 or 61,706 floats); the views and their wrappers take a few kB
        Assert.True(allocated < weightBytes / 10, $"{file}: decoding allocated {allocated} bytes for {weightBytes} bytes of weights");
        // decoded once: a second call returns the same memory
        foreach (var decode in model.InitialValues.Values)
        {
            Assert.True(decode().Span == decode().Span);
        }
    }
}
