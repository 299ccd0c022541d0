namespace Sim.Workloads.Models;

/// <summary>
/// ResNet-18/34 (basic blocks) and ResNet-50 (bottlenecks, stride on the 3x3 conv, torchvision's "v1.5"),
/// 1x1 conv + BN projection shortcuts where shape changes, convs without bias, global average pool and a
/// linear head. ImageNet form: 7x7/2 stem and 3x3/2 max-pool (torchvision). CIFAR form: a 3x3/1 stem and
/// no max-pool (He et al. 2016's CIFAR practice as in the widely used CIFAR ResNet-18).
/// </summary>
internal static class ResNet
{
    public static ModelGraph Create(string name, int depth, bool imagenet, int channels, int size, int classes)
    {
        var (bottleneck, blocks) = depth switch
        {
            18 => (false, new[] { 2, 2, 2, 2 }),
            34 => (false, new[] { 3, 4, 6, 3 }),
            50 => (true, new[] { 3, 4, 6, 3 }),
            _ => throw new ModelException($"ResNet depth {depth} is not 18, 34 or 50"),
        };
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        if (imagenet)
        {
            b.ConvBnRelu("", ModelGraph.InputName, 64, 7, stride: 2, padding: 3, conv: "conv1", bn: "bn1", relu: "relu");
            b.Add(new MaxPool2d("maxpool", b.Last, 3, 2, 1));
        }
        else
        {
            b.ConvBnRelu("", ModelGraph.InputName, 64, 3, stride: 1, padding: 1, conv: "conv1", bn: "bn1", relu: "relu");
        }
        var width = 64;
        for (var stage = 0; stage < 4; stage++)
        {
            for (var i = 0; i < blocks[stage]; i++)
            {
                var stride = stage > 0 && i == 0 ? 2 : 1;
                var prefix = $"layer{stage + 1}.{i}.";
                if (bottleneck)
                {
                    Bottleneck(b, prefix, width, stride);
                }
                else
                {
                    Basic(b, prefix, width, stride);
                }
            }
            width *= 2;
        }
        b.Add(new GlobalAvgPool("avgpool", b.Last));
        b.Add(new Flatten("flatten", b.Last));
        b.Linear("fc", b.Last, classes);
        return b.BuildWithLoss(classes);
    }

    private static void Basic(ModelBuilder b, string prefix, int width, int stride)
    {
        var x = b.Last;
        b.ConvBnRelu(prefix, x, width, 3, stride, 1, conv: "conv1", bn: "bn1", relu: "relu1");
        b.Conv($"{prefix}conv2", b.Last, width, 3, 1, 1);
        var y = b.BatchNorm($"{prefix}bn2", b.Last);
        var shortcut = Shortcut(b, prefix, x, width, stride);
        b.Add(new Add($"{prefix}add", y, shortcut));
        b.Relu($"{prefix}relu2", b.Last);
    }

    private static void Bottleneck(ModelBuilder b, string prefix, int width, int stride)
    {
        var x = b.Last;
        b.ConvBnRelu(prefix, x, width, 1, 1, 0, conv: "conv1", bn: "bn1", relu: "relu1");
        b.ConvBnRelu(prefix, b.Last, width, 3, stride, 1, conv: "conv2", bn: "bn2", relu: "relu2");
        b.Conv($"{prefix}conv3", b.Last, width * 4, 1);
        var y = b.BatchNorm($"{prefix}bn3", b.Last);
        var shortcut = Shortcut(b, prefix, x, width * 4, stride);
        b.Add(new Add($"{prefix}add", y, shortcut));
        b.Relu($"{prefix}relu3", b.Last);
    }

    private static string Shortcut(ModelBuilder b, string prefix, string x, int outChannels, int stride)
    {
        var s = b.Shape(x);
        if (stride == 1 && s.Channels == outChannels)
        {
            return x;
        }
        b.Conv($"{prefix}downsample.conv", x, outChannels, 1, stride);
        return b.BatchNorm($"{prefix}downsample.bn", b.Last);
    }
}
