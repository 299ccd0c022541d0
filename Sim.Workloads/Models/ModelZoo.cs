namespace Sim.Workloads.Models;

/// <summary>
/// The named models SatSim trains and simulates (the paper's networks and small ones for quick runs). Names are lower case; ResNet-18/34/50 and
/// VGG-11/16/19 need a <c>-cifar</c> (3x32x32) or <c>-imagenet</c> (3x224x224) suffix; <c>mlp</c> and
/// <c>lenet5</c> and <c>dwsep</c> (depthwise-separable) take 1x28x28 (MNIST); <c>resnet9</c> and <c>vit-cifar</c> take 3x32x32. Classes default to the
/// data set's (10 for MNIST/CIFAR-10, 1000 for ImageNet) and can be overridden, as can the image size.
/// </summary>
public static class ModelZoo
{
    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "mlp", "lenet5", "dwsep", "resnet9",
        "vgg11-cifar", "vgg16-cifar", "vgg19-cifar", "vgg11-imagenet", "vgg16-imagenet", "vgg19-imagenet",
        "resnet18-cifar", "resnet34-cifar", "resnet50-cifar", "resnet18-imagenet", "resnet34-imagenet", "resnet50-imagenet",
        "vit-tiny", "vit-small", "deit-tiny", "deit-small", "vit-cifar",
    ];

    /// <summary>Largest square input accepted (16K x 16K pixels): beyond it activation sizes leave the range of every counter.</summary>
    public const int MaxImageSize = 16384;

    /// <summary>Most input channels accepted.</summary>
    public const int MaxInputChannels = 4096;

    /// <summary>Most classes accepted (a million-way classifier head is already 10^9 weights for ViT-Small).</summary>
    public const int MaxClasses = 1_000_000;

    /// <summary>
    /// Builds a zoo model. <paramref name="classes"/> overrides the class count (e.g. 100 for CIFAR-100),
    /// <paramref name="imageSize"/> the square input size (e.g. 64 for Tiny ImageNet), <paramref name="inputChannels"/>
    /// the input channels (e.g. 3 to run LeNet-5 on CIFAR). Throws <see cref="ModelException"/> for an unknown name.
    /// </summary>
    public static ModelGraph Create(string name, int? classes = null, int? imageSize = null, int? inputChannels = null)
    {
        var key = name.Trim().ToLowerInvariant();
        if (classes is < 2)
        {
            throw new ModelException($"model '{name}': expects at least 2 classes, got {classes}");
        }
        if (imageSize is < 1 or > MaxImageSize || inputChannels is < 1 or > MaxInputChannels)
        {
            throw new ModelException($"model '{name}': expects an image size from 1 to {MaxImageSize} and 1 to {MaxInputChannels} input channels");
        }
        if (classes > MaxClasses)
        {
            throw new ModelException($"model '{name}': expects at most {MaxClasses} classes, got {classes}");
        }
        return key switch
        {
            "mlp" => SmallModels.Mlp(key, inputChannels ?? 1, imageSize ?? 28, classes ?? 10),
            "lenet5" => SmallModels.LeNet5(key, inputChannels ?? 1, imageSize ?? 28, classes ?? 10),
            "dwsep" => SmallModels.DepthwiseSeparable(key, inputChannels ?? 1, imageSize ?? 28, classes ?? 10),
            "resnet9" or "resnet9-cifar" => SmallModels.ResNet9(key, inputChannels ?? 3, imageSize ?? 32, classes ?? 10),
            "vit-tiny" or "deit-tiny" => VisionTransformers.Create(key, dim: 192, depth: 12, heads: 3, patch: 16, inputChannels ?? 3, imageSize ?? 224, classes ?? 1000),
            "vit-small" or "deit-small" => VisionTransformers.Create(key, dim: 384, depth: 12, heads: 6, patch: 16, inputChannels ?? 3, imageSize ?? 224, classes ?? 1000),
            "vit-cifar" => VisionTransformers.Create(key, dim: 192, depth: 12, heads: 3, patch: 4, inputChannels ?? 3, imageSize ?? 32, classes ?? 10),
            _ => CreateSuffixed(name, key, classes, imageSize, inputChannels),
        };
    }

    private static ModelGraph CreateSuffixed(string name, string key, int? classes, int? imageSize, int? inputChannels)
    {
        var dash = key.LastIndexOf('-');
        var family = dash > 0 ? key[..dash] : key;
        var form = dash > 0 ? key[(dash + 1)..] : "";
        var imagenet = form == "imagenet";
        if (form is "cifar" or "imagenet")
        {
            var size = imageSize ?? (imagenet ? 224 : 32);
            var channels = inputChannels ?? 3;
            var k = classes ?? (imagenet ? 1000 : 10);
            switch (family)
            {
                case "vgg11":
                case "vgg16":
                case "vgg19":
                    return Vgg.Create(key, int.Parse(family[3..], System.Globalization.CultureInfo.InvariantCulture), imagenet, channels, size, k);
                case "resnet18":
                case "resnet34":
                case "resnet50":
                    return ResNet.Create(key, int.Parse(family[6..], System.Globalization.CultureInfo.InvariantCulture), imagenet, channels, size, k);
            }
        }
        throw new ModelException($"unknown model '{name}'; expected one of: {string.Join(", ", Names)}");
    }
}
