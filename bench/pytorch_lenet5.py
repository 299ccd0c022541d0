#!/usr/bin/python3
"""PyTorch reference for `satsim bench train`: the same LeNet-5 (ReLU, max-pool, padding 2 on 28x28), the same
data (MNIST from the satsim data cache, normalized with mean 0.1307 / std 0.3081), the same hyperparameters
(batch 64, SGD momentum 0.9, lr 0.02 with 100 warm-up iterations then cosine, weight decay 5e-4 on weights
only, FP32) and the same thread count. Prints one JSON line with the images/s of the training iterations
alone (batch assembly included, evaluation excluded), like `satsim bench train`.

    /usr/bin/python3 bench/pytorch_lenet5.py [--model lenet5|dwsep] [--train-limit N] [--epochs E] [--threads T] [--data-dir DIR]

--model dwsep trains SatSim's depthwise-separable zoo model instead (same data and hyperparameters).

Needs Debian's python3-torch (apt-get install python3-torch); not a CI dependency.
"""
import argparse
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return torch.frombuffer(bytearray(data[4 + 4 * dims:]), dtype=torch.uint8).reshape(shape)


class LeNet5(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2, 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2, 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


class DepthwiseSeparable(nn.Module):
    """SatSim's zoo model `dwsep`: conv 3x3 (16), then two depthwise 3x3 + pointwise 1x1 blocks (32, 64) with
    2x2 max-pools, global average pooling, linear classifier; biases everywhere, ReLU after every conv."""

    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.dw1 = nn.Conv2d(16, 16, 3, padding=1, groups=16)
        self.pw1 = nn.Conv2d(16, 32, 1)
        self.dw2 = nn.Conv2d(32, 32, 3, padding=1, groups=32)
        self.pw2 = nn.Conv2d(32, 64, 1)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.pw1(F.relu(self.dw1(x)))), 2, 2)
        x = F.max_pool2d(F.relu(self.pw2(F.relu(self.dw2(x)))), 2, 2)
        x = torch.flatten(F.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


MODELS = {"lenet5": LeNet5, "dwsep": DepthwiseSeparable}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", default="lenet5", choices=sorted(MODELS), help="lenet5 or dwsep (SatSim's zoo models of that name)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--train-limit", type=int, default=0, help="first N training images (0 = all)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--data-dir", default=os.environ.get("SATSIM_DATA", os.path.expanduser("~/.cache/satsim/data")))
    a = p.parse_args()
    if a.epochs < 1 or a.batch < 1 or a.threads < 1 or a.train_limit < 0:
        print("pytorch_lenet5.py: --epochs, --batch, --threads must be >= 1 and --train-limit >= 0", file=sys.stderr)
        return 2
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(a.seed)
    d = os.path.join(a.data_dir, "mnist")
    try:
        images = read_idx(os.path.join(d, "train-images-idx3-ubyte"))
        labels = read_idx(os.path.join(d, "train-labels-idx1-ubyte")).long()
        test_images = read_idx(os.path.join(d, "t10k-images-idx3-ubyte"))[:1000]
        test_labels = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte"))[:1000].long()
    except OSError as e:
        print(f"pytorch_lenet5.py: {e}; run `satsim data fetch mnist` first", file=sys.stderr)
        return 1
    if a.train_limit > 0:
        images, labels = images[:a.train_limit], labels[:a.train_limit]
    n = images.shape[0]

    def normalize(x):
        return ((x.float() / 255.0) - 0.1307) / 0.3081

    model = MODELS[a.model]()
    decay = [q for name, q in model.named_parameters() if name.endswith("weight")]
    no_decay = [q for name, q in model.named_parameters() if not name.endswith("weight")]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": no_decay, "weight_decay": 0.0}], lr=a.lr, momentum=0.9)
    batches = (n + a.batch - 1) // a.batch
    total = batches * a.epochs
    warmup = min(a.warmup, total // 2)

    def rate(step):  # the same schedule as SatSim's LrSchedule (cosine after linear warm-up)
        if step < warmup:
            return (step + 1) / warmup
        s = step - warmup
        span = max(1, total - warmup)
        return 0.5 * (1 + math.cos(math.pi * min(s, span) / span))

    step = 0
    seconds = 0.0
    for _ in range(a.epochs):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(n)
        for b in range(batches):
            idx = order[b * a.batch:(b + 1) * a.batch]
            x = normalize(images[idx]).unsqueeze(1)
            y = labels[idx]
            for g in opt.param_groups:
                g["lr"] = a.lr * rate(step)
            opt.zero_grad(set_to_none=False)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            step += 1
        seconds += time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        acc = (model(normalize(test_images).unsqueeze(1)).argmax(1) == test_labels).float().mean().item()
    print(json.dumps({"bench": "train", "engine": "pytorch", "torch": torch.__version__, "model": a.model, "dataset": "mnist",
                      "method": "dense", "batch": a.batch, "epochs": a.epochs, "threads": a.threads, "iterations": step,
                      "images": n * a.epochs, "train_seconds": round(seconds, 3), "images_per_second": round(n * a.epochs / seconds, 1),
                      "test_accuracy": acc}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
