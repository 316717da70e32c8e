#!/usr/bin/env python3
"""Where a process's RSS grew between two copies of /proc/PID/smaps, by mapping.

    hubbub-bench/scripts/smaps-diff.py BEFORE AFTER [HEAP_START HEAP_END]

Sums the Rss of each mapping in both files and prints the growth of each kind that changed by 256 KB or more:
the Java heap (the address range HEAP_START..HEAP_END, hexadecimal; by default 0x700000000..0x800000000, where
HotSpot reserves a 4 GB heap with compressed oops, as `GC.heap_info` shows), named kernel mappings ([stack],
[heap]), files by name, and anonymous memory (malloc arenas, thread stacks, code cache, metaspace, direct buffers).
"""
import re
import sys


def load(path, lo_heap, hi_heap):
    sums = {}
    kind = None
    with open(path) as f:
        for line in f:
            m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$', line)
            if m:
                start = int(m.group(1), 16)
                name = m.group(4).strip()
                if lo_heap <= start < hi_heap:
                    kind = 'java heap'
                elif name.startswith('['):
                    kind = name
                elif name:
                    kind = 'file ' + name.rsplit('/', 1)[-1]
                else:
                    kind = 'anonymous'
                continue
            m = re.match(r'^Rss:\s+(\d+) kB', line)
            if m and kind is not None:
                sums[kind] = sums.get(kind, 0) + int(m.group(1))
    return sums


def main(argv):
    if len(argv) not in (2, 4):
        sys.exit(__doc__)
    lo, hi = (int(argv[2], 16), int(argv[3], 16)) if len(argv) == 4 else (0x700000000, 0x800000000)
    before = load(argv[0], lo, hi)
    after = load(argv[1], lo, hi)
    kinds = sorted(set(before) | set(after), key=lambda k: -(after.get(k, 0) - before.get(k, 0)))
    for k in kinds:
        grown = after.get(k, 0) - before.get(k, 0)
        if abs(grown) >= 256:
            print('%+9d KB  %s (%d -> %d KB)' % (grown, k, before.get(k, 0), after.get(k, 0)))


if __name__ == '__main__':
    main(sys.argv[1:])
