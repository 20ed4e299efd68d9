#!/usr/bin/python3
"""The residual-lab benchmark configurations in PyTorch, for bin/bench-vs-torch.

Same networks as org.residuallab.bench.BenchConfig (residual-lab's Mlp preset): a Linear(128 -> width)
stem, hidden blocks of (activation -> Linear) x layers, plain h = F(h) or residual h = h + 0.2 F(h),
then an activation -> Linear(width -> 10) head; softmax cross-entropy, SGD lr 0.01 (no momentum),
zero biases, Xavier-uniform for the tanh nets, He-normal (fan-in) for the ReLU residual net (its head
Xavier-uniform, as the preset builds it). One fixed random batch, as in ours.
Prints the same lines as `residual-lab bench`, prefixed "torch".
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    # name: (blocks, width, batch, activation, residual, layers per block)
    "plain50": (50, 128, 64, "tanh", False, 1),
    "res50": (25, 128, 64, "relu", True, 2),
    "plain10": (10, 128, 64, "tanh", False, 1),
    "wide": (20, 512, 256, "tanh", False, 1),
}
RES_BRANCH_SCALE = 0.2  # res50: out = x + 0.2·F(x), as BenchConfig


class Block(nn.Module):
    def __init__(self, width, act, residual, layers, init):
        super().__init__()
        mods = []
        for _ in range(layers):
            lin = nn.Linear(width, width)
            init(lin.weight)
            nn.init.zeros_(lin.bias)
            mods += [nn.Tanh() if act == "tanh" else nn.ReLU(), lin]
        self.body = nn.Sequential(*mods)
        self.residual = residual

    def forward(self, x):
        return x + RES_BRANCH_SCALE * self.body(x) if self.residual else self.body(x)


def build(name):
    blocks, width, batch, act, residual, layers = CONFIGS[name]
    if act == "relu":
        init = lambda w: nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
    else:
        init = nn.init.xavier_uniform_
    stem = nn.Linear(128, width)
    init(stem.weight)
    head = nn.Linear(width, 10)
    nn.init.xavier_uniform_(head.weight)
    for lin in (stem, head):
        nn.init.zeros_(lin.bias)
    net = nn.Sequential(stem, *[Block(width, act, residual, layers, init) for _ in range(blocks)],
                        nn.Tanh() if act == "tanh" else nn.ReLU(), head)
    return net, batch, width


def flops(name):
    blocks, width, batch, act, residual, layers = CONFIGS[name]
    dense = [(128, width)] + [(width, width)] * (blocks * layers) + [(width, 10)]
    return sum(6 * batch * i * o for i, o in dense)


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(name, steps):
    torch.manual_seed(1)
    net, batch, width = build(name)
    gen = torch.Generator().manual_seed(7)
    x = torch.randn(batch, 128, generator=gen)
    y = torch.randint(0, 10, (batch,), generator=gen)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)

    def step():
        opt.zero_grad(set_to_none=False)  # zero in place, as residual-lab's zeroGrad
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss

    rss_before = rss_mb()
    warm, t0 = 0, time.perf_counter()
    while warm < 10 or (time.perf_counter() - t0 < 20 and (warm < 100 or time.perf_counter() - t0 < 3)):  # as ours
        step()
        warm += 1
    warm_ms = (time.perf_counter() - t0) * 1000 / warm
    n = steps if steps > 0 else int(max(30, min(2000, 5000 / warm_ms)))
    ms = []
    cpu0 = time.process_time()
    for _ in range(n):
        s = time.perf_counter()
        loss = step()
        ms.append((time.perf_counter() - s) * 1000)
    cpu_ms = (time.process_time() - cpu0) * 1000 / n
    if not torch.isfinite(loss):
        print(f"torch {name}: loss is {loss.item()}", file=sys.stderr)
    q = statistics.quantiles(ms, n=10)
    med = statistics.median(ms)
    fl = flops(name)
    print(f"torch {name}: ms/step median {med:.2f}  p10 {q[0]:.2f}  p90 {q[-1]:.2f}  min {min(ms):.2f}"
          f"  ({n} steps after {warm} warm-up), CPU {cpu_ms:.2f} ms/step, {fl / med / 1e6:.1f} GFLOP/s, threads {torch.get_num_threads()},"
          f" RSS {rss_before:.0f} -> {rss_mb():.0f} MB, final loss {loss.item():.4f}")
    print(f"torch {name} ms_per_step={med:.3f} steps={n} rss_mb={rss_mb():.0f}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", action="append", choices=sorted(CONFIGS), help="default: all")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=0, help="timed steps (default: about 5 s worth, at least 30)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if os.environ.get("OPENBLAS_NUM_THREADS") != str(a.threads):
        print(f"note: OPENBLAS_NUM_THREADS is {os.environ.get('OPENBLAS_NUM_THREADS')}, not {a.threads}", file=sys.stderr)
    for name in a.config or list(CONFIGS):
        run(name, a.steps)


if __name__ == "__main__":
    main()
