"""Exports the small ONNX fixtures of Sim.Onnx.Tests and their expected figures (expected.json).

Run on a machine with Debian's python3-torch, python3-torchvision and python3-onnx (CI does not run this):
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/make_fixtures.py tests/Sim.Onnx.Tests/Fixtures
Optionally a ResNet-18 export for the import benchmark (about 45 MB, not committed):
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/make_fixtures.py --resnet18 /tmp/resnet18.onnx

Every network is exported twice: for training (TrainingMode.TRAINING, opset 17, no constant folding, batch norm and
dropout kept, batch 2 fixed) and for inference (eval, opset 13, constant folding so batch norm is folded into the
convolutions, dynamic batch axis). Expected values come from PyTorch itself: parameters = sum of numel over
model.parameters(); forward MACs per sample from forward hooks on Conv2d/Linear plus the attention matmuls the
transformer's own module counts while it runs.
"""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        s = x if self.down is None else self.down(x)
        return F.relu(y + s)


class ResidualNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.block1 = Basic(16, 16, 1)
        self.block2 = Basic(16, 32, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.block2(self.block1(x))
        return self.fc(torch.flatten(self.pool(x), 1))


def dw_block(cin, cout, stride):
    return nn.Sequential(
        nn.Conv2d(cin, cin, 3, stride, 1, groups=cin, bias=False), nn.BatchNorm2d(cin), nn.ReLU6(),
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU6())


class DepthwiseNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU6())
        self.b1 = dw_block(16, 32, 2)
        self.b2 = dw_block(32, 64, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.b2(self.b1(self.stem(x)))
        return self.fc(self.drop(torch.flatten(self.pool(x), 1)))


class Fire(nn.Module):
    def __init__(self, cin, squeeze, expand):
        super().__init__()
        self.squeeze = nn.Conv2d(cin, squeeze, 1)
        self.expand1x1 = nn.Conv2d(squeeze, expand, 1)
        self.expand3x3 = nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x):
        s = F.relu(self.squeeze(x))
        return torch.cat([F.relu(self.expand1x1(s)), F.relu(self.expand3x3(s))], 1)


class FireNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.fire1 = Fire(16, 8, 16)
        self.fire2 = Fire(32, 8, 16)
        self.drop = nn.Dropout(0.5)
        self.classifier = nn.Conv2d(32, 10, 1)
        # torchvision's SqueezeNet initialization (models/squeezenet.py): Kaiming-uniform convolutions, the final
        # classifier convolution normal with std 0.01, zero biases. PyTorch's default (Kaiming-uniform with a = sqrt 5
        # and uniform biases) shrinks the signal about sixfold per convolution + ReLU here, so the logits start
        # nearly input-independent and most classes' final ReLUs dead for every input: neither PyTorch nor SatSim
        # trains that start on MNIST. A forked generator keeps the other networks' weights as they were.
        with torch.random.fork_rng():
            torch.manual_seed(1)
            for m in self.modules():
                if isinstance(m, nn.Conv2d):
                    if m is self.classifier:
                        nn.init.normal_(m.weight, mean=0.0, std=0.01)
                    else:
                        nn.init.kaiming_uniform_(m.weight)
                    nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(self.fire2(self.fire1(x)), 2)
        x = F.relu(self.classifier(self.drop(x)))
        return torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.drop = nn.Dropout(0.2)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        return self.fc3(F.relu(self.fc2(x)))


class LeNet5(nn.Module):
    """The zoo's lenet5 (ReLU and max-pool variant, padding 2 on 28x28)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


MATMUL_MACS = [0]


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.k = nn.Linear(dim, dim)
        self.v = nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        b, t, d = x.shape
        dh = d // self.heads
        q = self.q(x).reshape(b, t, self.heads, dh).transpose(1, 2)
        k = self.k(x).reshape(b, t, self.heads, dh).transpose(1, 2)
        v = self.v(x).reshape(b, t, self.heads, dh).transpose(1, 2)
        a = torch.matmul(q, k.transpose(-2, -1)) / math.sqrt(dh)
        a = self.drop(a.softmax(-1))
        y = torch.matmul(a, v)
        MATMUL_MACS[0] += 2 * self.heads * t * t * dh
        return self.proj(y.transpose(1, 2).reshape(b, t, d))


class EncoderLayer(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.attn = Attention(dim, heads)
        self.norm1 = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, 4 * dim)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(4 * dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        x = self.norm1(x + self.drop(self.attn(x)))
        return self.norm2(x + self.drop(self.fc2(self.act(self.fc1(x)))))


class TinyEncoder(nn.Module):
    """A BERT-like encoder: token embedding + learned positions, two post-norm layers, first-token head."""

    def __init__(self, vocab=64, tokens=16, dim=32, heads=4, depth=2, classes=4):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.pos_embed = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        self.layers = nn.Sequential(*[EncoderLayer(dim, heads) for _ in range(depth)])
        self.head = nn.Linear(dim, classes)

    def forward(self, ids):
        x = self.layers(self.embed(ids) + self.pos_embed)
        return self.head(x[:, 0])


def forward_macs(model, example):
    """MACs per sample from PyTorch forward hooks (conv, linear) plus the counted attention matmuls."""
    total = [0]

    def hook(m, inp, out):
        per_sample = out.numel() // out.shape[0]
        if isinstance(m, nn.Conv2d):
            total[0] += per_sample * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
        else:
            total[0] += per_sample * m.in_features

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    MATMUL_MACS[0] = 0
    model.eval()
    with torch.no_grad():
        model(example[:1])
    for h in handles:
        h.remove()
    return total[0] + MATMUL_MACS[0]


def export(model, example, path, training):
    kwargs = dict(input_names=["input"], output_names=["logits"])
    if training:
        model.train()
        torch.onnx.export(model, example, path, opset_version=17, training=torch.onnx.TrainingMode.TRAINING,
                          do_constant_folding=False, **kwargs)
    else:
        model.eval()
        torch.onnx.export(model, example, path, opset_version=13, do_constant_folding=True,
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **kwargs)


def main(out):
    image = torch.randn(2, 1, 28, 28)
    nets = {
        "residual": (ResidualNet(), image),
        "depthwise": (DepthwiseNet(), image),
        "fire": (FireNet(), image),
        "mlp": (Mlp(), image),
        "lenet5": (LeNet5(), image),
        "encoder": (TinyEncoder(), torch.randint(0, 64, (2, 16))),
    }
    expected = {}
    for name, (model, example) in nets.items():
        params = sum(p.numel() for p in model.parameters())
        bn = sum(m.num_features for m in model.modules() if isinstance(m, nn.BatchNorm2d))
        macs = forward_macs(model, example)
        export(model, example, f"{out}/{name}-train17.onnx", training=True)
        export(model, example, f"{out}/{name}-infer13.onnx", training=False)
        # Folding turns each batch norm (2C parameters) after a bias-free conv into that conv's bias (C).
        expected[name] = {"parameters": params, "parameters_bn_folded": params - bn, "forward_macs": macs,
                          "input": list(example.shape[1:])}
        print(name, expected[name])
    with open(f"{out}/expected.json", "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    if sys.argv[1] == "--resnet18":
        import torchvision
        m = torchvision.models.resnet18(weights=None)
        print("resnet18 parameters", sum(p.numel() for p in m.parameters()),
              "forward MACs", forward_macs(m, torch.randn(1, 3, 224, 224)))
        export(m, torch.randn(2, 3, 224, 224), sys.argv[2], training=False)
    else:
        main(sys.argv[1])
