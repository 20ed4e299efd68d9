#!/usr/bin/python3
"""Runs residual-lab's bench and the PyTorch twin (torch_bench.py) interleaved, and prints ours/torch.

Called by bin/bench-vs-torch, which installs python3-torch and builds the Java side first.
For each thread count and configuration it runs `rounds` pairs (ours, then torch, each a fresh
process with OPENBLAS_NUM_THREADS = OMP_NUM_THREADS = threads) and compares the medians of the
per-process median ms/step.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^(bench|torch) (\S+) ms_per_step=([0-9.]+) steps=(\d+) rss_mb=(\S+)$")
CPU = re.compile(r"CPU +([0-9.]+) ms(/| per )step")
TARGETS = {"plain50": 0.8, "res50": 0.8, "wide": 1.0,  # issue 6, at one thread
           "resnet20": 1.0, "plain20": 1.0, "transformer": 1.0}  # issues 15 and 16, at one thread
MLPS = {"plain50", "res50", "plain10", "wide"}


def run(cmd, threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in out.stdout.splitlines():
        if not line.startswith("[main] INFO"):
            print("    " + line)
    found = [m for m in (LINE.match(l) for l in out.stdout.splitlines()) if m]
    cpu = [m for m in (CPU.search(l) for l in out.stdout.splitlines()) if m]
    if out.returncode != 0 or not found or not cpu:
        sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}")
    return float(found[-1].group(3)), float(cpu[-1].group(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--java", required=True, help="command prefix that runs `residual-lab bench`")
    p.add_argument("--threads", default=None, help="default: 1,2 for the MLPs; 1 when a conv or transformer configuration is named")
    p.add_argument("--config", default="plain50,res50,plain10,wide")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--steps", type=int, default=0)
    a = p.parse_args()
    if a.threads is None:
        a.threads = "1,2" if set(a.config.split(",")) <= MLPS else "1"
    java = a.java.split()
    steps = ["--steps", str(a.steps)] if a.steps > 0 else []
    results = []
    for threads in [int(t) for t in a.threads.split(",")]:
        for config in a.config.split(","):
            ours, torch = [], []
            for r in range(a.rounds):
                print(f"== {config}, {threads} thread(s), round {r + 1}/{a.rounds}: residual-lab", flush=True)
                ours.append(run(java + ["--config", config, "--threads", str(threads), "--no-peak"] + steps, threads))
                print(f"== {config}, {threads} thread(s), round {r + 1}/{a.rounds}: torch", flush=True)
                torch.append(run(["/usr/bin/python3", os.path.join(HERE, "torch_bench.py"), "--config", config,
                                  "--threads", str(threads)] + steps, threads))
            med = lambda runs, k: statistics.median(r[k] for r in runs)
            results.append((threads, config, med(ours, 0), med(torch, 0), med(ours, 1), med(torch, 1)))
    print()
    print(f"ours/torch, medians of {a.rounds} interleaved runs each ({time.strftime('%Y-%m-%d %H:%M')}); wall = median")
    print("ms/step, CPU = process CPU time per step (all threads; steadier than wall time when others share the cores):")
    w = max(8, max(len(c) for _, c, *rest in results))
    print(f"{'threads':>7} {'config':<{w}} {'ours ms':>8} {'torch ms':>9} {'wall ratio':>10} {'ours CPU':>9} {'torch CPU':>9}"
          f" {'CPU ratio':>9}  target (wall)")
    for threads, config, o, t, oc, tc in results:
        target = TARGETS.get(config) if threads == 1 else None
        verdict = "" if target is None else f"<= {target}: {'met' if o / t <= target else 'NOT met'}"
        print(f"{threads:>7} {config:<{w}} {o:>8.2f} {t:>9.2f} {o / t:>10.2f} {oc:>9.2f} {tc:>9.2f} {oc / tc:>9.2f}  {verdict}")
    for threads, config, o, t, oc, tc in results:
        print(f"vs-torch {config} threads={threads} ours_ms={o:.3f} torch_ms={t:.3f} ratio={o / t:.3f}"
              f" ours_cpu_ms={oc:.3f} torch_cpu_ms={tc:.3f} cpu_ratio={oc / tc:.3f}")


if __name__ == "__main__":
    main()
