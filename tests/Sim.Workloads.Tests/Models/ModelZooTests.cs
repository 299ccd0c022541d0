using Sim.Workloads.Models;

namespace Sim.Workloads.Tests.Models;

/// <summary>Parameter counts and MACs of the zoo against the reference implementations' published figures.</summary>
public class ModelZooTests
{
    // torchvision model documentation (pytorch.org/vision/stable/models, "num_params" and "GFLOPS" of the
    // IMAGENET1K_V1 weights; torchvision's GFLOPS column counts multiply-accumulates of conv and linear layers).
    // Checked on the pages: resnet18 11689512/1.81, resnet34 21797672/3.66, resnet50 25557032/4.09, vgg19_bn 143678248/19.63;
    // vgg11_bn 132.9M/7.609 and vgg16_bn 138.4M/15.5 as quoted from torchvision by the lucid-dl and timm (tv_in1k) cards.
    [Theory]
    [InlineData("resnet18-imagenet", 11_689_512L, 1.81)]
    [InlineData("resnet34-imagenet", 21_797_672L, 3.66)]
    [InlineData("resnet50-imagenet", 25_557_032L, 4.09)]
    [InlineData("vgg11-imagenet", 132_868_840L, 7.61)]
    [InlineData("vgg16-imagenet", 138_365_992L, 15.47)]
    [InlineData("vgg19-imagenet", 143_678_248L, 19.63)]
    public void TorchvisionFigures(string name, long parameters, double gmacs)
    {
        var model = ModelZoo.Create(name);
        Assert.Equal(parameters, model.ParameterCount);
        Assert.Equal(gmacs, Math.Round(model.ForwardMacsPerSample / 1e9, 2));
    }

    // timm: vit_tiny_patch16_224 / deit_tiny_patch16_224 have 5,717,416 parameters ("5.7M" on the timm model cards),
    // vit_small / deit_small 22,050,664 ("22.1M"). MACs: the timm card of deit_small_patch16_224.fb_in1k lists 4.6 GMACs
    // at 224x224, which counts the attention matmuls Q K^T and A V (as the DeiT and Swin papers' 4.6 GFLOPs for DeiT-S).
    // Note: the later vit_*_augreg cards list 1.1 (tiny) and 4.3 (small) GMACs from a profiler that skips fused attention;
    // our count without those matmuls is 1.075 and 4.241, so the tiny card matches it and the small one is off by 0.06.
    [Theory]
    [InlineData("vit-tiny", 5_717_416L)]
    [InlineData("deit-tiny", 5_717_416L)]
    [InlineData("vit-small", 22_050_664L)]
    [InlineData("deit-small", 22_050_664L)]
    public void TimmParameterCounts(string name, long parameters) => Assert.Equal(parameters, ModelZoo.Create(name).ParameterCount);

    [Fact]
    public void DeitSmallMacsMatchTheTimmCard() => Assert.Equal(4.6, Math.Round(ModelZoo.Create("deit-small").ForwardMacsPerSample / 1e9, 1));

    [Theory]
    [InlineData("vit-tiny", 192, 3)]
    [InlineData("vit-small", 384, 6)]
    public void VitMacsByHand(string name, long d, int heads)
    {
        // T = 197 tokens (196 patches + class token), 12 blocks of: QKV T*D*3D, Q K^T and A V 2*T*T*D (all heads),
        // projection T*D*D, MLP 2*T*D*4D; patch embedding 196*D*3*16*16; head D*1000.
        const long t = 197;
        var block = t * d * 3 * d + 2 * t * t * d + t * d * d + 2 * t * d * 4 * d;
        var expected = 12 * block + 196 * d * 3 * 16 * 16 + d * 1000;
        var model = ModelZoo.Create(name);
        Assert.Equal(expected, model.ForwardMacsPerSample);
        Assert.Equal(heads, model.Layers.OfType<MultiHeadSelfAttention>().First().Heads);
        // Without the attention matmuls, rounded as the augreg cards print it (tiny: 1.1).
        var withoutAttention = expected - 12 * 2 * t * t * d;
        if (name == "vit-tiny")
        {
            Assert.Equal(1.1, Math.Round(withoutAttention / 1e9, 1));
        }
    }

    [Fact]
    public void ResNet18ImagenetMacsToThreeDecimals()
    {
        // torchvision ResNet-18 at 224x224: 1.814 GMACs (the figure quoted with three decimals in the issue brief).
        Assert.Equal(1.814, Math.Round(ModelZoo.Create("resnet18-imagenet").ForwardMacsPerSample / 1e9, 3));
    }

    [Fact]
    public void SmallModelsByHand()
    {
        // LeNet-300-100: 784*300+300 + 300*100+100 + 100*10+10 = 266,610 (LeCun et al. 1998 figure).
        Assert.Equal(266_610, ModelZoo.Create("mlp").ParameterCount);
        // LeNet-5: conv1 6*1*25+6 = 156, conv2 16*6*25+16 = 2,416, fc1 400*120+120 = 48,120, fc2 120*84+84 = 10,164, fc3 84*10+10 = 850.
        Assert.Equal(156 + 2_416 + 48_120 + 10_164 + 850, ModelZoo.Create("lenet5").ParameterCount);
        // ResNet-9: 3x3 convs 3->64, 64->128, 2x 128->128, 128->256, 256->512, 2x 512->512 (no bias),
        // BN gamma+beta on 64+128+128+128+256+512+512+512 channels, fc 512->10 without bias.
        long convs = 9L * (3 * 64 + 64 * 128 + 2 * 128 * 128 + 128 * 256 + 256 * 512 + 2 * 512 * 512);
        long bn = 2L * (64 + 128 + 128 + 128 + 256 + 512 + 512 + 512);
        Assert.Equal(convs + bn + 5_120, ModelZoo.Create("resnet9").ParameterCount);
    }

    [Fact]
    public void EveryZooModelBuildsAndEndsInLoss()
    {
        foreach (var name in ModelZoo.Names)
        {
            var model = ModelZoo.Create(name);
            Assert.IsType<SoftmaxCrossEntropy>(model.Layers[^1]);
            Assert.Equal(TensorShape.Scalar, model.OutputShape("loss"));
        }
    }

    [Fact]
    public void ShapesOfResNet18Imagenet()
    {
        var m = ModelZoo.Create("resnet18-imagenet");
        Assert.Equal(new TensorShape(64, 112, 112), m.OutputShape("conv1"));
        Assert.Equal(new TensorShape(64, 56, 56), m.OutputShape("maxpool"));
        Assert.Equal(new TensorShape(128, 28, 28), m.OutputShape("layer2.0.downsample.bn"));
        Assert.Equal(new TensorShape(512, 7, 7), m.OutputShape("layer4.1.relu2"));
        Assert.Equal(new TensorShape(1000), m.OutputShape("fc"));
        Assert.False(m.InputNeedsGradient("conv1"));
        Assert.True(m.InputNeedsGradient("layer1.0.conv1"));
    }

    [Fact]
    public void ViTTokensAndClassesOverride()
    {
        var m = ModelZoo.Create("vit-cifar", classes: 100);
        Assert.Equal(new TensorShape(65, 192), m.OutputShape("patch_embed"));
        Assert.Equal(new TensorShape(100), m.OutputShape("head"));
        Assert.Equal(100, m.Classes);
    }

    [Fact]
    public void UnknownNameAndBadGraphsAreOneLineErrors()
    {
        var e = Assert.Throws<ModelException>(() => ModelZoo.Create("resnet18"));
        Assert.Contains("resnet18-imagenet", e.Message);
        var bad = Assert.Throws<ModelException>(() => new ModelGraph("t", new TensorShape(3, 8, 8),
            [new Conv2d("c", ModelGraph.InputName, 4, 8, 3)]));
        Assert.Contains("layer 'c'", bad.Message);
        var dangling = Assert.Throws<ModelException>(() => new ModelGraph("t", new TensorShape(3, 8, 8),
            [new ReLU("r", "nowhere")]));
        Assert.Contains("nowhere", dangling.Message);
    }
}
