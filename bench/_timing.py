"""What the stand-alone benchmark scripts (cache.py's siblings: objmode, parallel, stencil) share:
the best-of timing of one call, and writing the Markdown table they print."""

import time
from pathlib import Path


def best(f, *args, repeat, clock=time.perf_counter):
    """Seconds of the fastest of ``repeat`` calls ``f(*args)``, after a warm-up call (which
    compiles). ``clock=time.process_time`` measures CPU time (steadier on a loaded machine, for
    single-threaded code)."""
    f(*args)
    times = []
    for _ in range(repeat):
        t = clock()
        f(*args)
        times.append(clock() - t)
    return min(times)


def write_table(lines, out):
    """Prints the report's lines and writes them to ``out``."""
    text = "\n".join(lines) + "\n"
    print(text)
    Path(out).write_text(text)
