namespace Sim.Workloads.Models;

/// <summary>
/// The small zoo members: an MLP (LeNet-300-100: 784-300-100-10, LeCun et al. 1998), LeNet-5 (ReLU and
/// max-pool variant, padding 2 on 28x28 input as the original 32x32) and ResNet-9 (Myrtle.ai's DAWNBench
/// CIFAR-10 network, without its 0.125 logit scale, which has no parameters or MACs).
/// </summary>
internal static class SmallModels
{
    public static ModelGraph Mlp(string name, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        b.Add(new Flatten("flatten", ModelGraph.InputName));
        b.Relu("relu1", b.Linear("fc1", b.Last, 300));
        b.Relu("relu2", b.Linear("fc2", b.Last, 100));
        b.Linear("fc3", b.Last, classes);
        return b.BuildWithLoss(classes);
    }

    public static ModelGraph LeNet5(string name, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        b.Relu("relu1", b.Conv("conv1", ModelGraph.InputName, 6, 5, padding: 2, bias: true));
        b.Add(new MaxPool2d("pool1", b.Last, 2, 2));
        b.Relu("relu2", b.Conv("conv2", b.Last, 16, 5, bias: true));
        b.Add(new MaxPool2d("pool2", b.Last, 2, 2));
        b.Add(new Flatten("flatten", b.Last));
        b.Relu("relu3", b.Linear("fc1", b.Last, 120));
        b.Relu("relu4", b.Linear("fc2", b.Last, 84));
        b.Linear("fc3", b.Last, classes);
        return b.BuildWithLoss(classes);
    }

    /// <summary>
    /// A depthwise-separable CNN for MNIST (the MobileNet building block, Howard et al. 2017, at LeNet scale): a 3x3
    /// convolution to 16 channels, then two blocks of a 3x3 depthwise convolution and a 1x1 pointwise one
    /// (16 -> 32, 32 -> 64) each followed by a 2x2 max-pool, global average pooling and a linear classifier.
    /// The training-speed benchmark's second network (bench/pytorch_lenet5.py --model dwsep is the same in PyTorch).
    /// </summary>
    public static ModelGraph DepthwiseSeparable(string name, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        b.Relu("relu1", b.Conv("conv1", ModelGraph.InputName, 16, 3, padding: 1, bias: true));
        b.Relu("relu2", b.Add(new Conv2d("dw1", b.Last, 16, 16, 3, Padding: 1, Bias: true, Groups: 16)));
        b.Relu("relu3", b.Conv("pw1", b.Last, 32, 1, bias: true));
        b.Add(new MaxPool2d("pool1", b.Last, 2, 2));
        b.Relu("relu4", b.Add(new Conv2d("dw2", b.Last, 32, 32, 3, Padding: 1, Bias: true, Groups: 32)));
        b.Relu("relu5", b.Conv("pw2", b.Last, 64, 1, bias: true));
        b.Add(new MaxPool2d("pool2", b.Last, 2, 2));
        b.Add(new GlobalAvgPool("avgpool", b.Last));
        b.Add(new Flatten("flatten", b.Last));
        b.Linear("fc", b.Last, classes);
        return b.BuildWithLoss(classes);
    }

    public static ModelGraph ResNet9(string name, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        b.ConvBnRelu("prep.", ModelGraph.InputName, 64, 3, padding: 1);
        b.ConvBnRelu("layer1.", b.Last, 128, 3, padding: 1);
        var x = b.Add(new MaxPool2d("layer1.pool", b.Last, 2, 2));
        b.ConvBnRelu("layer1.res.", x, 128, 3, padding: 1, conv: "conv1", bn: "bn1", relu: "relu1");
        b.ConvBnRelu("layer1.res.", b.Last, 128, 3, padding: 1, conv: "conv2", bn: "bn2", relu: "relu2");
        b.Add(new Add("layer1.add", x, b.Last));
        b.ConvBnRelu("layer2.", b.Last, 256, 3, padding: 1);
        b.Add(new MaxPool2d("layer2.pool", b.Last, 2, 2));
        b.ConvBnRelu("layer3.", b.Last, 512, 3, padding: 1);
        x = b.Add(new MaxPool2d("layer3.pool", b.Last, 2, 2));
        b.ConvBnRelu("layer3.res.", x, 512, 3, padding: 1, conv: "conv1", bn: "bn1", relu: "relu1");
        b.ConvBnRelu("layer3.res.", b.Last, 512, 3, padding: 1, conv: "conv2", bn: "bn2", relu: "relu2");
        b.Add(new Add("layer3.add", x, b.Last));
        var h = b.Shape(b.Last).Height;
        b.Add(new MaxPool2d("pool", b.Last, h, h));
        b.Add(new Flatten("flatten", b.Last));
        b.Linear("fc", b.Last, classes, bias: false);
        return b.BuildWithLoss(classes);
    }
}
