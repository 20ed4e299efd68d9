"""Checks on the real kernel that a model, a batch or a data set too big for the kernel's memory limits fails in
its cell with the memory guard's message (the estimate, the limit and the argument to change), and that the
kernel stays alive and usable afterwards, with its memory where it was.

    JUPYTER_PATH=target/lab/share/jupyter python3 src/test/notebooks/kernel_memory_check.py
"""
import sys

from jupyter_client.manager import start_new_kernel

from kernel_interrupt_check import run

TOO_BIG = [
    ("a 100-million-wide MLP",
     'Models.mlp(2, 100000000, "relu", Init.he(), BlockKind.RESIDUAL).inputs(2).outputs(3).build()',
     "width (100000000)"),
    ("a ResNet 100,000 channels wide", "Models.resnet(3).width(100000).build()", "width (100000)"),
    ("a transformer with dModel 100,000",
     "Models.transformer(2, 100000, 4, 50, 16, TransformerBlock.Variant.PRE_LN)", "dModel (100000)"),
    ("a batch of a million examples through a 2048-wide layer",
     'Models.mlp(1, 2048, "relu", Init.he(), BlockKind.PLAIN).inputs(2).outputs(3).build()'
     ".forward(org.nd4j.linalg.factory.Nd4j.zeros(1000000, 2))", "smaller batch"),
    ("a copy task of a million sequences of 1000 tokens", "org.residuallab.data.SequenceTasks.copy(1000000, 500, 1)",
     "n = 1000000"),
]

RESIDENT = "System.gc(); org.bytedeco.javacpp.Pointer.physicalBytes() / 1000000"


def value(kc, code):
    content, msgs = run(kc, code, 120)
    assert content["status"] == "ok", f"{code}: {content.get('ename')}: {content.get('evalue')}"
    for m in msgs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    raise AssertionError(f"{code}: no result")


def main():
    km, kc = start_new_kernel(kernel_name="java", startup_timeout=120)
    try:
        content, _ = run(kc, "import org.residuallab.nn.*;\nimport org.residuallab.notebook.*;\nLab.init();", 120)
        assert content["status"] == "ok", f"Lab.init() failed: {content}"
        before = int(value(kc, RESIDENT))
        for label, code, hint in TOO_BIG:
            content, _ = run(kc, code, 120)
            assert content["status"] == "error", f"{label}: no error ({content})"
            message = f"{content.get('ename')}: {content.get('evalue')}"
            trace = "\n".join(content.get("traceback", []))
            assert "MemoryGuard" in trace, f"{label}: not the memory guard's refusal: {message}\n{trace}"
            for words in ("needs about", "can allocate about", hint):
                assert words in message, f"{label}: the message lacks '{words}': {message}"
            print(f"  ✔ {label}: {content.get('evalue')[:160]}...")
        after = int(value(kc, RESIDENT))
        assert after - before < 150, f"the kernel grew from {before} MB to {after} MB while refusing"
        small = value(kc, 'Models.mlp(3, 16, "relu", Init.he(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build()'
                          ".forward(org.nd4j.linalg.factory.Nd4j.ones(4, 2)).shape()[1]")
        assert small.strip() == "3", f"a small model after the refusals: {small}"
        print(f"  ✔ the kernel still works (resident {before} MB before, {after} MB after)")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print(f"✘ memory check: {e}", file=sys.stderr)
        sys.exit(1)
