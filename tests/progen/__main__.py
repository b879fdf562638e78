"""Differential fuzzing: `python -m progen N [--seed S] [--family F]` (run from tests/) generates N
programs from seeds S, S+1, ..., runs each under CPython and compiled, and reports every mismatch,
crash or hang with a shrunk reproducer. Exit status 1 when any was found.

Programs run in worker processes (a crash or a hang costs the worker, not the run); a worker is
replaced after a fixed number of programs so compiled code does not pile up in one process.
Programs that oxjit rejects at compile time are counted and their messages summarised; they fail
the run only with --strict (the generator aims at the supported subset, so a rejection is worth a
look, but it is not a wrong answer)."""

from __future__ import annotations

import argparse
import collections
import json
import os
import pickle
import queue
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PER_WORKER = 300


def worker_loop():
    from progen.check import check_seed

    layout = os.environ.get("PROGEN_LAYOUT", "1") == "1"
    family = os.environ.get("PROGEN_FAMILY", "general")
    for line in sys.stdin:
        seed = int(line)
        print(f"START {seed}", flush=True)
        try:
            _, (status, detail) = check_seed(seed, layout, family)
        except Exception as exc:  # noqa: BLE001 - a bug of the harness or generator, reported
            status, detail = "harness", f"{type(exc).__name__}: {exc}"
        print(
            "RESULT " + json.dumps({"seed": seed, "status": status, "detail": detail}), flush=True
        )


def candidate_loop():
    """Run pickled (program, args, layout) candidates from stdin, one per length-prefixed frame;
    answer each with its status on a line."""
    from progen.check import run_program

    stdin = sys.stdin.buffer
    while True:
        size = stdin.readline()
        if not size:
            return
        program, arg_sets, layout = pickle.loads(stdin.read(int(size)))
        status, _ = run_program(program, arg_sets, layout)
        print(status, flush=True)


def _spawn(mode, text=True):
    return subprocess.Popen([sys.executable, "-m", "progen", mode], cwd=HERE, text=text,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)  # fmt: skip


class CandidateRunner:
    """A persistent process that runs shrinking candidates; replaced when one kills it."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.proc = None

    def status(self, program, arg_sets, layout):
        if self.proc is None or self.proc.poll() is not None:
            self.proc = _spawn("--candidates", text=False)
        data = pickle.dumps((program, arg_sets, layout))
        try:
            self.proc.stdin.write(b"%d\n" % len(data) + data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.close()
            return "crash"
        q = queue.Queue()
        threading.Thread(target=lambda: q.put(self.proc.stdout.readline()), daemon=True).start()
        try:
            line = q.get(timeout=self.timeout)
        except queue.Empty:
            self.close()
            return "hang"
        if not line:
            self.close()
            return "crash"
        return line.decode().strip()

    def close(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def _read_lines(stream, q):
    for line in stream:
        q.put(line)
    q.put(None)


def run_seeds(seeds, timeout, layout, progress):
    """Yield (seed, status, detail) for each seed, through worker processes."""
    pending = list(seeds)
    env_layout = "1" if layout else "0"
    os.environ["PROGEN_LAYOUT"] = env_layout
    while pending:
        batch, pending = pending[:PER_WORKER], pending[PER_WORKER:]
        proc = _spawn("--worker")
        q = queue.Queue()
        threading.Thread(target=_read_lines, args=(proc.stdout, q), daemon=True).start()
        proc.stdin.write("".join(f"{s}\n" for s in batch))
        proc.stdin.close()
        current, done = None, set()
        while True:
            try:
                line = q.get(timeout=timeout)
            except queue.Empty:
                proc.kill()
                yield current, "hang", f"no result in {timeout} s"
                done.add(current)
                break
            if line is None:
                proc.wait()
                if current is not None and current not in done:
                    yield current, "crash", f"worker died with status {proc.returncode}"
                    done.add(current)
                break
            if line.startswith("START "):
                current = int(line.split()[1])
            elif line.startswith("RESULT "):
                r = json.loads(line[7:])
                done.add(r["seed"])
                progress()
                yield r["seed"], r["status"], r["detail"]
        pending = [s for s in batch if s not in done] + pending


def shrunk_source(seed, status, layout, runner, family):
    from progen.generate import arguments, generate
    from progen.shrink import shrink

    program = generate(seed, family=family)
    arg_sets = arguments(program, seed)
    small = shrink(program, lambda cand: runner.status(cand, arg_sets, layout) == status)
    return small.source(), arg_sets


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m progen")
    parser.add_argument("count", type=int, nargs="?", default=200)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--seeds", default=None, help="comma-separated seeds to run (no count)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per program")
    parser.add_argument("--no-layout", action="store_true", help="ignore C/F order of arrays")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--strict", action="store_true", help="rejected programs fail the run")
    parser.add_argument("--out", default=None, help="folder for reproducers")
    parser.add_argument("--family", default="general", choices=["general", "math", "scalars"],
                        help="which generator (progen/families.py)")  # fmt: skip
    args = parser.parse_args(argv)
    os.environ["PROGEN_FAMILY"] = args.family
    layout = not args.no_layout

    counts = collections.Counter()
    failures = []
    rejected = collections.Counter()
    start = time.time()
    done = [0]

    def progress():
        done[0] += 1
        if done[0] % 500 == 0:
            rate = done[0] / (time.time() - start)
            print(f"[progen] {done[0]}/{args.count} programs ({rate:.0f}/s) {dict(counts)}",
                  file=sys.stderr, flush=True)  # fmt: skip

    seeds = range(args.seed, args.seed + args.count)
    if args.seeds:
        seeds = [int(s) for s in args.seeds.split(",")]
    args.count = len(seeds)
    for seed, status, detail in run_seeds(seeds, args.timeout, layout, progress):
        counts[status] += 1
        if status == "rejected":
            rejected[detail.splitlines()[0][:160] if detail else "?"] += 1
        elif status not in ("ok", "refused"):
            failures.append((seed, status, detail))

    elapsed = time.time() - start
    print(f"[progen] {args.count} programs from seed {args.seed} ({args.family}) in {elapsed:.0f} s: "
          f"{', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}")  # fmt: skip
    if rejected:
        print(f"[progen] rejected at compile time ({sum(rejected.values())}), by message:")
        for msg, n in rejected.most_common(15):
            print(f"    {n:5d}  {msg}")
    runner = CandidateRunner(args.timeout)
    for seed, status, detail in failures:
        print(f"\n=== seed {seed}: {status}\n{detail[:2000]}")
        if not args.no_shrink:
            source, arg_sets = shrunk_source(seed, status, layout, runner, args.family)
            print(f"--- shrunk reproducer (arguments: {arg_sets!r}):\n{source}")
            if args.out:
                os.makedirs(args.out, exist_ok=True)
                with open(os.path.join(args.out, f"seed_{seed}.py"), "w") as f:
                    f.write(f"# {status}: {detail.splitlines()[0][:300]}\n# args: {arg_sets!r}\n")
                    f.write(source)
    runner.close()
    bad = len(failures) + (sum(rejected.values()) if args.strict else 0)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker_loop()
    elif sys.argv[1:2] == ["--candidates"]:
        candidate_loop()
    else:
        sys.exit(main())
