"""PyTorch reference accuracies for training the fixtures from their files' weights (expected.json "pytorch_training").

SatSim's tests train the same networks, from the same weights, on the same data with the same recipe and must reach
PyTorch's accuracy within a margin. Run on a machine with Debian's python3-torch and python3-onnx (CI does not):
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/train_reference.py synthetic tests/Sim.Onnx.Tests/Fixtures
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/train_reference.py mnist DATA_DIR NET EPOCHS TRAIN_LIMIT LR WARMUP
The first writes the figures into expected.json; the second prints MNIST test accuracy per epoch (for the docs).

Synthetic data: a port of the tests' TextureData with its xoshiro256** generator (Sim.Training.Tensors.Rng), checked
by the test against SatSim's own draw (pixel and label sums). The recipe is SatSim's Trainer: SGD with
momentum 0.9 and weight decay 5e-4 on convolution and linear weights only, linear warm-up then cosine to 0 per step,
cross-entropy, batch norm momentum 0.1, evaluation in eval mode. Only the shuffling order and dropout masks differ
(each tool its own generator), so PyTorch runs over several seeds and the minimum and mean are kept.
"""
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402

M64 = (1 << 64) - 1


class Rng:
    """xoshiro256** seeded by SplitMix64, as Sim.Training.Tensors.Rng."""

    def __init__(self, seed):
        x = seed
        self.s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            z = x
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            self.s.append(z ^ (z >> 31))

    @staticmethod
    def rotl(v, k):
        return ((v << k) | (v >> (64 - k))) & M64

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_int(self, n):
        limit = M64 - (M64 % n)
        while True:
            v = self.next()
            if v < limit:
                return v % n


def textures(count, size, classes, seed, period=4, noise=40):
    """Sim.Onnx.Tests.TextureData.Create: per class a random period x period tile repeated over the image at a random
    offset per sample, plus uniform noise (bytes). Classes differ in local texture, not in position, so networks that
    pool globally (fire, residual, depthwise) can separate them as well as flattening ones (MLP, LeNet-5)."""
    rng = Rng(seed)
    tiles = np.array([rng.next_int(256) for _ in range(classes * period * period)], dtype=np.int64).reshape(classes, period, period)
    pixels = np.empty((count, 1, size, size), dtype=np.uint8)
    labels = np.empty(count, dtype=np.int64)
    for s in range(count):
        label = rng.next_int(classes)
        dy = rng.next_int(period)
        dx = rng.next_int(period)
        labels[s] = label
        for y in range(size):
            for x in range(size):
                v = tiles[label, (y + dy) % period, (x + dx) % period] + rng.next_int(2 * noise + 1) - noise
                pixels[s, 0, y, x] = min(255, max(0, v))
    return pixels, labels


NETS = {"residual": mf.ResidualNet, "depthwise": mf.DepthwiseNet, "fire": mf.FireNet, "mlp": mf.Mlp, "lenet5": mf.LeNet5}


def network(name, onnx_path):
    net = NETS[name]()
    inits = {i.name: numpy_helper.to_array(i) for i in onnx.load(onnx_path).graph.initializer}
    state = net.state_dict()
    loaded = 0
    for k in state:
        if k in inits:
            state[k] = torch.tensor(inits[k].copy())
            loaded += 1
    assert loaded == len([k for k in state if not k.endswith("num_batches_tracked")]), f"{name}: not every tensor in the file"
    net.load_state_dict(state)
    return net


def train(net, xtr, ytr, xte, yte, lr, warmup, epochs, batch, seed):
    torch.manual_seed(seed)
    decay = [p for p in net.parameters() if p.dim() > 1]
    other = [p for p in net.parameters() if p.dim() <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": other, "weight_decay": 0.0}], lr=lr, momentum=0.9)
    per_epoch = len(xtr) // batch
    total = per_epoch * epochs
    step = 0
    accuracies = []
    for _ in range(epochs):
        net.train()
        order = torch.randperm(len(xtr))
        for it in range(per_epoch):
            if step < warmup:
                rate = lr * (step + 1) / warmup
            else:
                span = max(1, total - warmup)
                rate = lr * 0.5 * (1 + math.cos(math.pi * min(step - warmup, span) / span))
            for g in opt.param_groups:
                g["lr"] = rate
            i = order[it * batch:(it + 1) * batch]
            loss = F.cross_entropy(net(xtr[i]), ytr[i])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        net.eval()
        with torch.no_grad():
            accuracies.append((net(xte).argmax(1) == yte).float().mean().item())
    return accuracies


# The recipe of ImportedTrainingTests (keep the two in step); epochs per network.
SYNTHETIC = dict(count=712, train=512, test=200, seed=5, lr=0.05, warmup=4, batch=32)
EPOCHS = {"residual": 3, "depthwise": 6, "fire": 6, "mlp": 6, "lenet5": 6}


def synthetic_reference(folder):
    r = SYNTHETIC
    pixels, labels = textures(r["count"], 28, 10, r["seed"])
    x = (torch.tensor(pixels, dtype=torch.float32) / 255 - 0.5) / 0.3
    y = torch.tensor(labels)
    xtr, ytr, xte, yte = x[:r["train"]], y[:r["train"]], x[r["train"]:], y[r["train"]:]
    path = os.path.join(folder, "expected.json")
    with open(path) as f:
        expected = json.load(f)
    for name in EPOCHS:
        finals = []
        for seed in range(1, 6):
            net = network(name, os.path.join(folder, f"{name}-train17.onnx"))
            finals.append(train(net, xtr, ytr, xte, yte, r["lr"], r["warmup"], EPOCHS[name], r["batch"], seed)[-1])
        expected[name]["pytorch_training"] = {
            "data": "textures", "recipe": dict(r, epochs=EPOCHS[name]), "pixel_sum": int(pixels.sum(dtype=np.int64)), "label_sum": int(labels.sum()),
            "seeds": 5, "min_test_accuracy": round(min(finals), 4), "mean_test_accuracy": round(sum(finals) / len(finals), 4)}
        print(name, expected[name]["pytorch_training"])
    with open(path, "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


def idx(path):
    data = open(path, "rb").read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def mnist_reference(data_dir, name, epochs, limit, lr, warmup):
    d = os.path.join(data_dir, "mnist")

    def split(images, labels, n):
        x = torch.tensor(idx(os.path.join(d, images))[:n].copy(), dtype=torch.float32).unsqueeze(1) / 255
        return (x - 0.1307) / 0.3081, torch.tensor(idx(os.path.join(d, labels))[:n].astype(np.int64))

    xtr, ytr = split("train-images-idx3-ubyte", "train-labels-idx1-ubyte", limit or 60000)
    xte, yte = split("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10000)
    folder = os.path.dirname(os.path.abspath(__file__))
    net = network(name, os.path.join(folder, f"{name}-train17.onnx"))
    for e, acc in enumerate(train(net, xtr, ytr, xte, yte, lr, warmup, epochs, 64, 1)):
        print(f"{name} epoch {e + 1}: test accuracy {100 * acc:.2f}%")


if __name__ == "__main__":
    if sys.argv[1] == "synthetic":
        synthetic_reference(sys.argv[2])
    else:
        mnist_reference(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]))
