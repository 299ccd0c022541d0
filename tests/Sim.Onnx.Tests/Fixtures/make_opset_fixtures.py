"""Exports the opset fixtures of Sim.Onnx.Tests (Fixtures/opsets/): the depthwise, fire and encoder networks of
make_fixtures.py at opsets 11, 12, 14, 15, 16 and 18, for training and for inference, as make_fixtures.py exports
them at 17 and 13 (same modules, same seed, so PyTorch's figures in expected.json hold for every file; each
export starts from the model in the state make_fixtures.py exported it from, so every file's tensors equal those of
*-train17.onnx or *-infer13.onnx).

Run on a machine with Debian's python3-torch and python3-onnx (CI does not run this):
    /usr/bin/python3 tests/Sim.Onnx.Tests/Fixtures/make_opset_fixtures.py tests/Sim.Onnx.Tests/Fixtures/opsets

Debian's torch 1.13 exports opsets up to 17. The opset-18 files are its opset-16 exports (layer norm still
decomposed into ReduceMean/Sub/Pow/Sqrt/Div/Mul/Add, the one operator of these networks that opset 18 changes)
rewritten to opset 18's form with the onnx helper: every ReduceMean's `axes` attribute becomes its second input
(an int64 initializer), as ReduceMean-18 requires, and the default domain's version is set to 18. Nothing else in
these graphs differs between ReduceMean-13 and -18 (Split, Pad, Resize and the other reductions that opset 18
changed do not occur).
"""
import copy
import os
import sys

import onnx
import torch
from onnx import helper, numpy_helper
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402

EXPORTED = [11, 12, 14, 15, 16]


def nets():
    # the same construction order and seed as make_fixtures.main, so the weights are those of the other fixtures
    torch.manual_seed(0)
    image = torch.randn(2, 1, 28, 28)
    built = {"residual": mf.ResidualNet(), "depthwise": mf.DepthwiseNet(), "fire": mf.FireNet(), "mlp": mf.Mlp(),
             "lenet5": mf.LeNet5(), "encoder": mf.TinyEncoder()}
    tokens = torch.randint(0, 64, (2, 16))
    return {name: (built[name], tokens if name == "encoder" else image) for name in ("depthwise", "fire", "encoder")}


def export(model, example, path, opset, training):
    kwargs = dict(input_names=["input"], output_names=["logits"])
    if training:
        model.train()
        torch.onnx.export(model, example, path, opset_version=opset, training=torch.onnx.TrainingMode.TRAINING,
                          do_constant_folding=False, **kwargs)
    else:
        model.eval()
        torch.onnx.export(model, example, path, opset_version=opset, do_constant_folding=True,
                          dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, **kwargs)


def to_opset18(source, target):
    """Rewrites an opset-16 file to opset 18: ReduceMean's axes attribute becomes an int64 input."""
    model = onnx.load(source)
    graph = model.graph
    moved = 0
    for node in graph.node:
        if node.op_type != "ReduceMean":
            continue
        axes = [a for a in node.attribute if a.name == "axes"]
        if not axes:
            continue
        name = f"{node.name or node.output[0]}_axes"
        graph.initializer.append(numpy_helper.from_array(np.array(list(axes[0].ints), dtype=np.int64), name))
        node.attribute.remove(axes[0])
        node.input.append(name)
        moved += 1
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            o.version = 18
    onnx.save(model, target)
    return moved


def main(out):
    os.makedirs(out, exist_ok=True)
    for name, (model, example) in nets().items():
        for training in (True, False):
            kind = "train" if training else "infer"
            for opset in EXPORTED:
                # Each export starts from the freshly built model, in the state make_fixtures.py exported it from: a
                # training export runs the model, which moves batch norm's running statistics, and make_fixtures.py
                # exports for inference after its training export, so an inference file's model first goes through
                # the same training export (to a scratch file).
                m = copy.deepcopy(model)
                if not training:
                    export(m, example, f"{out}/scratch.onnx", 17, True)
                    os.remove(f"{out}/scratch.onnx")
                export(m, example, f"{out}/{name}-{kind}{opset}.onnx", opset, training)
            moved = to_opset18(f"{out}/{name}-{kind}16.onnx", f"{out}/{name}-{kind}18.onnx")
            print(name, kind, "opset 18: ReduceMean axes moved to inputs:", moved)


if __name__ == "__main__":
    main(sys.argv[1])
