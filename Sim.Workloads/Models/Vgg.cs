namespace Sim.Workloads.Models;

/// <summary>
/// VGG-11/16/19 with batch norm (torchvision's vgg*_bn: conv with bias, BN, ReLU; max-pool 2x2 after each
/// block). ImageNet form: torchvision's classifier 512*7*7 -> 4096 -> 4096 -> classes with ReLU and dropout
/// (at 224x224 the adaptive 7x7 pool is the identity, so it is omitted; at other sizes the classifier takes
/// the actual final map). CIFAR form: one linear layer 512 -> classes, as the common CIFAR VGG.
/// </summary>
internal static class Vgg
{
    private static int[] Config(int depth) => depth switch
    {
        11 => [64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0],
        16 => [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0],
        19 => [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0],
        _ => throw new ModelException($"VGG depth {depth} is not 11, 16 or 19"),
    };

    public static ModelGraph Create(string name, int depth, bool imagenet, int channels, int size, int classes)
    {
        var b = new ModelBuilder(name, new TensorShape(channels, size, size));
        int conv = 0, pool = 0;
        foreach (var c in Config(depth))
        {
            if (c == 0)
            {
                b.Add(new MaxPool2d($"pool{++pool}", b.Last, 2, 2));
            }
            else
            {
                conv++;
                b.Conv($"conv{conv}", b.Last, c, 3, padding: 1, bias: true);
                b.BatchNorm($"bn{conv}", b.Last);
                b.Relu($"relu{conv}", b.Last);
            }
        }
        b.Add(new Flatten("flatten", b.Last));
        if (imagenet)
        {
            b.Relu("fc1.relu", b.Linear("fc1", b.Last, 4096));
            b.Add(new Dropout("fc1.dropout", b.Last, 0.5));
            b.Relu("fc2.relu", b.Linear("fc2", b.Last, 4096));
            b.Add(new Dropout("fc2.dropout", b.Last, 0.5));
            b.Linear("fc3", b.Last, classes);
        }
        else
        {
            b.Linear("fc", b.Last, classes);
        }
        return b.BuildWithLoss(classes);
    }
}
