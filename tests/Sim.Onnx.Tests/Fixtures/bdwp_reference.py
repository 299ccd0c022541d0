"""PyTorch reference of SatSim's dense, SR-STE and BDWP N:M training of an imported fixture on MNIST.

Run on a machine with Debian's python3-torch and python3-onnx (CI does not run this):
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/bdwp_reference.py DATA_DIR NET METHOD N:M [EPOCHS [TRAIN_LIMIT]]
e.g. bdwp_reference.py ~/.cache/satsim/data fire bdwp 2:8. It prints the test accuracy after every epoch, to compare
with `satsim train --model tests/Sim.Onnx.Tests/Fixtures/NET-train17.onnx --dataset mnist --method METHOD --nm N:M`.
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/bdwp_reference.py --cosine DATA_DIR NET N:M
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/bdwp_reference.py --self-check
checks the N:M operator against PyTorch's autograd on random tensors (see self_check), and
prints, per weight layer at the file's weights, the cosine similarity between BDWP's weight gradient and the exact
gradient of the FP-sparse network (SR-STE's), on the first 512 training images in eval mode (no dropout).

The same network from the same file's weights (train_reference.network), the same MNIST files and normalization,
and the recipe of `satsim train`'s defaults: batch 64, SGD momentum 0.9, weight decay 5e-4 on convolution and linear
weights, learning rate 0.02 with 100 warm-up steps then cosine to 0 per step, SR-STE decay 2e-4 on pruned weights.
The N:M rules are SatSim's (Sim.Training.Sparsity.SparsityController and NmMask), written here independently:
  - masks recomputed from the dense master weights before every iteration: in every group of M consecutive weights
    along the input channels (FP) or the output channels (BP), the N largest |w| kept, ties to the lower index;
  - the first weight layer stays dense; FP is N:M when the layer's input channels are a multiple of M; under BDWP
    BP is N:M along the output channels when those are a multiple of M;
  - FP multiplies by the FP-masked weights; BP (the data gradient) by the BP-masked weights under BDWP, else by the
    FP-masked ones (SR-STE: the gradient of the sparse network); dense (unmasked) FP and BP under dense training;
  - the weight gradient is dense (every master weight gets x^T dY), plus decay * w on the weights the FP mask pruned;
  - evaluation runs the FP-masked network.
Only the shuffling order and the dropout masks differ from SatSim (each tool its own generator).
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_reference as tr  # noqa: E402


def nm_mask(w, n, m, axis):
    """1 for the n largest |w| of every m consecutive weights along axis (0 = Cout, 1 = Cin), ties to the lower index."""
    moved = w.detach().abs().movedim(axis, -1)
    shape = moved.shape
    groups = moved.reshape(*shape[:-1], shape[-1] // m, m)
    order = torch.sort(groups, dim=-1, descending=True, stable=True).indices
    mask = torch.zeros_like(groups)
    mask.scatter_(-1, order[..., :n], 1.0)
    return mask.reshape(shape).movedim(-1, axis)


class NmLinearOp(torch.autograd.Function):
    """y = conv/linear(x, w_fp) + b; dX through w_bp; dW dense."""

    @staticmethod
    def forward(ctx, x, w, b, w_fp, w_bp, conv):
        ctx.save_for_backward(x, w_bp)
        ctx.conv = conv
        ctx.wshape = w.shape
        if conv is None:
            return F.linear(x, w_fp, b)
        return F.conv2d(x, w_fp, b, *conv)

    @staticmethod
    def backward(ctx, gy):
        x, w_bp = ctx.saved_tensors
        conv = ctx.conv
        if conv is None:
            return gy @ w_bp, gy.t() @ x, gy.sum(0), None, None, None
        stride, padding, dilation, groups = conv
        gx = torch.nn.grad.conv2d_input(x.shape, w_bp, gy, stride, padding, dilation, groups)
        gw = torch.nn.grad.conv2d_weight(x, ctx.wshape, gy, stride, padding, dilation, groups)
        return gx, gw, gy.sum((0, 2, 3)), None, None, None


class Sparsifier:
    def __init__(self, net, method, n, m):
        self.method, self.n, self.m = method, n, m
        self.layers = []
        weight_layers = [mod for mod in net.modules() if isinstance(mod, (nn.Conv2d, nn.Linear))]
        for i, mod in enumerate(weight_layers):
            cin = mod.in_channels // mod.groups if isinstance(mod, nn.Conv2d) else mod.in_features
            cout = mod.out_channels if isinstance(mod, nn.Conv2d) else mod.out_features
            if isinstance(mod, nn.Conv2d) and mod.groups != 1:
                fp = bp = False  # N:M within a group: not needed for these networks, kept dense
            else:
                fp = method != "dense" and i > 0 and cin % m == 0
                bp = method == "bdwp" and i > 0 and cout % m == 0
            self.layers.append((mod, fp, bp))
            mod.nm = self
            mod.fp_mask = None
            mod.bp_mask = None
            mod.forward = self._forward(mod)

    def _forward(self, mod):
        conv = (mod.stride, mod.padding, mod.dilation, mod.groups) if isinstance(mod, nn.Conv2d) else None

        def forward(x):
            w = mod.weight
            w_fp = w.detach() * mod.fp_mask if mod.fp_mask is not None else w.detach()
            w_bp = w.detach() * mod.bp_mask if mod.bp_mask is not None else w_fp
            b = mod.bias if mod.bias is not None else torch.zeros(w.shape[0])
            return NmLinearOp.apply(x, w, b, w_fp, w_bp, conv)

        return forward

    def prepare(self):
        for mod, fp, bp in self.layers:
            mod.fp_mask = nm_mask(mod.weight, self.n, self.m, 1) if fp else None
            mod.bp_mask = nm_mask(mod.weight, self.n, self.m, 0) if bp else None

    def decay(self, lam):
        for mod, fp, _ in self.layers:
            if fp:
                mod.weight.grad += lam * mod.weight.detach() * (1 - mod.fp_mask)

    def summary(self):
        return ", ".join(f"{type(mod).__name__}({'FP' if fp else ''}{'+BP' if bp else ''})" for mod, fp, bp in self.layers)


def train(net, sparse, xtr, ytr, xte, yte, epochs, lr=0.02, warmup=100, batch=64, lam=2e-4, seed=1):
    torch.manual_seed(seed)
    decay = [p for p in net.parameters() if p.dim() > 1]
    other = [p for p in net.parameters() if p.dim() <= 1]
    opt = torch.optim.SGD([{"params": decay, "weight_decay": 5e-4}, {"params": other, "weight_decay": 0.0}], lr=lr, momentum=0.9)
    per_epoch = len(xtr) // batch
    total = per_epoch * epochs
    warmup = min(warmup, total // 2)
    step = 0
    for e in range(epochs):
        net.train()
        order = torch.randperm(len(xtr))
        loss_sum = 0.0
        for it in range(per_epoch):
            if step < warmup:
                rate = lr * (step + 1) / warmup
            else:
                span = max(1, total - warmup)
                rate = lr * 0.5 * (1 + math.cos(math.pi * min(step - warmup, span) / span))
            for g in opt.param_groups:
                g["lr"] = rate
            i = order[it * batch:(it + 1) * batch]
            sparse.prepare()
            loss = F.cross_entropy(net(xtr[i]), ytr[i])
            opt.zero_grad()
            loss.backward()
            if sparse.method != "dense":
                sparse.decay(lam)
            opt.step()
            loss_sum += loss.item()
            step += 1
        net.eval()
        sparse.prepare()
        with torch.no_grad():
            acc = sum((net(xte[j:j + 1000]).argmax(1) == yte[j:j + 1000]).sum().item() for j in range(0, len(xte), 1000)) / len(xte)
        print(f"epoch {e + 1}: train loss {loss_sum / per_epoch:.4f}, test accuracy {100 * acc:.2f}%", flush=True)


def load_mnist(data_dir, limit):
    d = os.path.join(data_dir, "mnist")

    def split(images, labels, count):
        x = torch.tensor(tr.idx(os.path.join(d, images))[:count].copy(), dtype=torch.float32).unsqueeze(1) / 255
        return (x - 0.1307) / 0.3081, torch.tensor(tr.idx(os.path.join(d, labels))[:count].astype("int64"))

    return split("train-images-idx3-ubyte", "train-labels-idx1-ubyte", limit or 60000), split("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 10000)


def cosine(data_dir, name, nm):
    """Cosine between BDWP's and SR-STE's weight gradients per layer, at the file's weights."""
    n, m = (int(v) for v in nm.split(":"))
    (x, y), _ = load_mnist(data_dir, 512)
    grads = {}
    for method in ("srste", "bdwp"):
        net = tr.network(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}-train17.onnx"))
        sparse = Sparsifier(net, method, n, m)
        net.eval()
        sparse.prepare()
        F.cross_entropy(net(x), y).backward()
        grads[method] = [(mod_name, mod.weight.grad.flatten().clone(), bp) for (mod_name, mod), (_, _, bp) in
                         zip(((k, v) for k, v in net.named_modules() if isinstance(v, (nn.Conv2d, nn.Linear))), sparse.layers)]
    for (layer, gs, _), (_, gb, bp) in zip(grads["srste"], grads["bdwp"]):
        c = F.cosine_similarity(gs, gb, dim=0).item()
        print(f"{name} {layer}: cos(BDWP, SR-STE) weight gradient {c:.3f}{'  (BP N:M here)' if bp else ''}")


def self_check():
    """Dense, the custom operator equals PyTorch's conv/linear and their autograd gradients; with masks, FP uses the
    FP-masked weights, the data gradient is autograd's through the BP-masked weights and the weight gradient dense."""
    torch.manual_seed(0)
    for mod in (nn.Conv2d(8, 16, 3, padding=1), nn.Linear(16, 8)):
        x = torch.randn(4, 8, 5, 5) if isinstance(mod, nn.Conv2d) else torch.randn(4, 16)
        x.requires_grad_()
        ref = mod(x)
        g = torch.randn_like(ref)
        ref.backward(g)
        expected = [t.grad.clone() for t in (x, mod.weight, mod.bias)]
        for t in (x, mod.weight, mod.bias):
            t.grad = None
        Sparsifier(nn.Sequential(nn.Identity(), mod), "dense", 2, 8).prepare()
        y = mod(x)
        y.backward(g)
        assert torch.allclose(y, ref, atol=1e-6)
        assert all(torch.allclose(t.grad, e, atol=1e-5) for t, e in zip((x, mod.weight, mod.bias), expected))
    assert nm_mask(torch.tensor([3.0, -1, 2, 0, 5, 5, -7, 1]).reshape(1, 8, 1, 1), 2, 8, 1).flatten().tolist() == [0, 0, 0, 0, 1, 0, 1, 0]
    mod = nn.Conv2d(8, 16, 3, padding=1)
    sparse = Sparsifier(nn.Sequential(nn.Conv2d(1, 8, 1), mod), "bdwp", 2, 8)
    sparse.prepare()
    assert mod.bp_mask.sum(0).unique().tolist() == [4.0] and mod.fp_mask.sum(1).unique().tolist() == [2.0]
    x = torch.randn(2, 8, 5, 5, requires_grad=True)
    y = mod(x)
    g = torch.randn_like(y)
    y.backward(g)
    w_bp = (mod.weight * mod.bp_mask).detach().requires_grad_()
    xx = x.detach().requires_grad_()
    F.conv2d(xx, w_bp, mod.bias.detach(), padding=1).backward(g)
    assert torch.allclose(y, F.conv2d(x, mod.weight * mod.fp_mask, mod.bias, padding=1), atol=1e-6)
    assert torch.allclose(x.grad, xx.grad, atol=1e-5) and torch.allclose(mod.weight.grad, w_bp.grad, atol=1e-5)
    print("self-check passed")


def main():
    if sys.argv[1] == "--self-check":
        self_check()
        return
    if sys.argv[1] == "--cosine":
        cosine(*sys.argv[2:5])
        return
    data_dir, name, method, nm = sys.argv[1:5]
    epochs = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    limit = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    n, m = (int(v) for v in nm.split(":"))
    (xtr, ytr), (xte, yte) = load_mnist(data_dir, limit)
    net = tr.network(name, os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}-train17.onnx"))
    sparse = Sparsifier(net, method, n, m)
    print(f"{name} {method} {nm}: {sparse.summary()}", flush=True)
    train(net, sparse, xtr, ytr, xte, yte, epochs)


if __name__ == "__main__":
    main()
