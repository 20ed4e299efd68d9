#!/usr/bin/python3
"""The residual-lab benchmark configurations in PyTorch, for bin/bench-vs-torch.

Same networks as org.residuallab.bench.BenchConfig. The MLPs (residual-lab's Mlp preset): a Linear(128 -> width)
stem, hidden blocks of (activation -> Linear) x layers, plain h = F(h) or residual h = h + 0.2 F(h),
then an activation -> Linear(width -> 10) head; softmax cross-entropy, SGD lr 0.01 (no momentum),
zero biases, Xavier-uniform for the tanh nets, He-normal (fan-in) for the ReLU residual net (its head
Xavier-uniform, as the preset builds it). One fixed random batch, as in ours.
resnet20 / plain20: He et al.'s CIFAR ResNet-20 (base width 16, 3 stages of 3 basic blocks, option-A shortcuts
F.pad(x[:, :, ::2, ::2]) where a stage widens) and its plain twin, on one fixed batch of 64 standard normal
1x28x28 images with random labels; convolutions without bias, He-normal (fan-in); BatchNorm 1/0, momentum 0.1;
Linear(64 -> 10) head Xavier-uniform, zero bias; SGD lr 0.01.
transformer: GPT-2's layout (nanoGPT's Block) with 4 pre-LN layers, C = 128, 4 heads, T = 64, vocabulary 65,
exact GELU, final LayerNorm, head tied to the token embedding; Linear and token embedding N(0, 0.02^2), the
residual projections N(0, (0.02/sqrt(2*4))^2), positions N(0, 0.01^2), zero biases; one fixed batch of (32, 64)
random tokens and random next tokens; Adam lr 3e-4.
Prints the same lines as `residual-lab bench`, prefixed "torch".
"""
import argparse
import math
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
    if name in CONV or name == "transformer":
        return traced_flops(name)
    blocks, width, batch, act, residual, layers = CONFIGS[name]
    dense = [(128, width)] + [(width, width)] * (blocks * layers) + [(width, 10)]
    return sum(6 * batch * i * o for i, o in dense)


# --- conv: the CIFAR ResNet-20 and its plain twin (BenchConfig.more) ---
CONV = {"resnet20": True, "plain20": False}  # name: residual
IMAGE, CLASSES = 28, 10


class BasicBlock(nn.Module):
    """conv 3x3 (stride) -> BN -> ReLU -> conv 3x3 -> BN, + option-A shortcut (residual), ReLU."""

    def __init__(self, cin, cout, stride, residual):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.residual, self.cin, self.cout, self.stride = residual, cin, cout, stride

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.residual:
            if self.stride == 1 and self.cin == self.cout:
                out = out + x
            else:  # option A: the identity, subsampled, with zero channels added
                out = out + F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, 0, self.cout - self.cin))
        return F.relu(out)


class CifarNet(nn.Module):
    def __init__(self, residual, n=3, width=16, channels=1, classes=CLASSES):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(channels, width, 3, 1, 1, bias=False), nn.BatchNorm2d(width), nn.ReLU())
        blocks, cin = [], width
        for s in range(3):
            cout = width << s
            for i in range(n):
                blocks.append(BasicBlock(cin, cout, 2 if i == 0 and s > 0 else 1, residual))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(cin, classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
        nn.init.xavier_uniform_(self.head.weight)
        nn.init.zeros_(self.head.bias)

    def forward(self, x):
        return self.head(self.blocks(self.stem(x)).mean(dim=(2, 3)))


# --- transformer (BenchConfig.more): nanoGPT's model at 4 layers, C 128, 4 heads, T 64, vocabulary 65 ---
LAYERS, D_MODEL, HEADS, CONTEXT, VOCAB = 4, 128, 4, 64, 65


class CausalSelfAttention(nn.Module):
    def __init__(self, C, nh, layers):
        super().__init__()
        self.c_attn, self.c_proj, self.nh = nn.Linear(C, 3 * C), nn.Linear(C, C), nh
        nn.init.normal_(self.c_attn.weight, std=0.02)
        nn.init.normal_(self.c_proj.weight, std=0.02 / math.sqrt(2 * layers))
        self.register_buffer("mask", torch.tril(torch.ones(CONTEXT, CONTEXT)).view(1, 1, CONTEXT, CONTEXT))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (a.view(B, T, self.nh, C // self.nh).transpose(1, 2) for a in (q, k, v))  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = F.softmax(att.masked_fill(self.mask[:, :, :T, :T] == 0, float("-inf")), dim=-1)
        return self.c_proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))


class TransformerBlock(nn.Module):
    def __init__(self, C, nh, layers):
        super().__init__()
        self.ln_1, self.attn, self.ln_2 = nn.LayerNorm(C), CausalSelfAttention(C, nh, layers), nn.LayerNorm(C)
        self.c_fc, self.gelu, self.c_proj = nn.Linear(C, 4 * C), nn.GELU(), nn.Linear(4 * C, C)  # exact GELU (erf)
        nn.init.normal_(self.c_fc.weight, std=0.02)
        nn.init.normal_(self.c_proj.weight, std=0.02 / math.sqrt(2 * layers))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.c_proj(self.gelu(self.c_fc(self.ln_2(x))))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(VOCAB, D_MODEL), nn.Embedding(CONTEXT, D_MODEL)
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)
        self.h = nn.Sequential(*[TransformerBlock(D_MODEL, HEADS, LAYERS) for _ in range(LAYERS)])
        self.ln_f = nn.LayerNorm(D_MODEL)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                nn.init.zeros_(m.bias)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.size(1)))
        return self.ln_f(self.h(x)) @ self.wte.weight.t()  # the head tied to the token embedding


def traced_flops(name):
    """The matrix products of one step, counted as BenchConfig.flopsPerStep counts them (x6: forward, dX, dW)."""
    net, x, y, _ = build_any(name)
    total = [0]

    def conv(m, inp, out):
        total[0] += 6 * out.numel() * m.in_channels * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, inp, out):
        total[0] += 6 * (out.numel() // m.out_features) * m.in_features * m.out_features

    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            m.register_forward_hook(conv)
        elif isinstance(m, nn.Linear):
            m.register_forward_hook(linear)
    with torch.no_grad():
        net(x)
    if name == "transformer":
        B, T = x.shape
        total[0] += LAYERS * 2 * 6 * B * T * T * D_MODEL + 6 * B * T * D_MODEL * VOCAB  # q.k^T and att.v; the tied head
    return total[0]


def build_any(name):
    """The network, its fixed batch (x, y) and its optimizer, for any configuration."""
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(7)
    if name in CONV:
        net = CifarNet(CONV[name])
        x = torch.randn(64, 1, IMAGE, IMAGE, generator=gen)
        y = torch.randint(0, CLASSES, (64,), generator=gen)
        return net, x, y, torch.optim.SGD(net.parameters(), lr=0.01)
    if name == "transformer":
        net = Transformer()
        x = torch.randint(0, VOCAB, (32, CONTEXT), generator=gen)
        y = torch.randint(0, VOCAB, (32, CONTEXT), generator=gen)
        return net, x, y, torch.optim.Adam(net.parameters(), lr=3e-4)
    net, batch, width = build(name)
    x = torch.randn(batch, 128, generator=gen)
    y = torch.randint(0, 10, (batch,), generator=gen)
    return net, x, y, torch.optim.SGD(net.parameters(), lr=0.01)


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(name, steps):
    net, x, y, opt = build_any(name)

    def step():
        opt.zero_grad(set_to_none=False)  # zero in place, as residual-lab's zeroGrad
        out = net(x)
        loss = F.cross_entropy(out.view(-1, out.size(-1)), y.view(-1))
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
    p.add_argument("--config", action="append", choices=sorted(CONFIGS) + sorted(CONV) + ["transformer"],
                   help="default: the MLPs (plain50, res50, plain10, wide)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=0, help="timed steps (default: about 5 s worth, at least 30)")
    p.add_argument("--list", action="store_true", help="print each configuration's float-op count and trainable parameters")
    a = p.parse_args()
    if a.list:
        for name in list(CONFIGS) + list(CONV) + ["transformer"]:
            net = build_any(name)[0]
            params = sum(t.numel() for t in net.parameters() if t.requires_grad)
            print(f"torch config {name} flops_per_step={flops(name)} params={params}")
        return
    torch.set_num_threads(a.threads)
    if os.environ.get("OPENBLAS_NUM_THREADS") != str(a.threads):
        print(f"note: OPENBLAS_NUM_THREADS is {os.environ.get('OPENBLAS_NUM_THREADS')}, not {a.threads}", file=sys.stderr)
    for name in a.config or list(CONFIGS):
        run(name, a.steps)


if __name__ == "__main__":
    main()
