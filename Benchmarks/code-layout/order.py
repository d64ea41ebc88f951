"""The functions a profiling run touched, in the order the linker should lay them out.

    python3 order.py SMAPS BINARY OUT

SMAPS is /proc/PID/smaps of a dashboard run with pagesplit.so preloaded: every page of BINARY
that is resident there was touched. Every function (from BINARY's symbol table) that lies on such
a page is written to OUT, in address order (a superset of the functions run: the page is the unit
measured), for lld's --symbol-ordering-file. Prints what it found.
"""
import re
import subprocess
import sys

smaps, binary, out = sys.argv[1:4]
vmas, cur = [], None
for line in open(smaps):
    m = re.match(r'^([0-9a-f]+)-([0-9a-f]+) \S+ ([0-9a-f]+) \S+ \d+\s*(.*)$', line)
    if m:
        cur = {'start': int(m[1], 16), 'end': int(m[2], 16), 'offset': int(m[3], 16), 'path': m[4].strip(), 'rss': 0}
        vmas.append(cur)
        continue
    m = re.match(r'^Rss:\s+(\d+) kB', line)
    if m and cur is not None:
        cur['rss'] = int(m[1])
mine = [v for v in vmas if v['path'] == binary]
if not mine:
    sys.exit(f"order.py: {binary} is not mapped in {smaps}")
base = min(v['start'] for v in mine if v['offset'] == 0)
pages, unsplit = set(), 0
for v in mine:
    count = (v['end'] - v['start']) // 4096
    if v['rss'] == 0:
        continue
    if count > 1 and v['rss'] < 4 * count:
        unsplit += 1  # a mapping pagesplit.so did not split (a writable segment): not code
        continue
    pages.update(range(v['start'] - base, v['end'] - base, 4096))

functions, hot, total, hot_bytes = 0, [], 0, 0
nm = subprocess.run(['nm', '-S', '--defined-only', '-n', binary], capture_output=True, text=True, check=True)
for line in nm.stdout.splitlines():
    f = line.split()
    if len(f) != 4 or f[2] not in 'tTwW':
        continue
    address, size = int(f[0], 16), int(f[1], 16)
    if size == 0:
        continue
    functions += 1
    total += size
    if any(p in pages for p in range(address & ~4095, ((address + size - 1) & ~4095) + 1, 4096)):
        hot.append(f[3])
        hot_bytes += size
if len(hot) < 1000:
    sys.exit(f"order.py: only {len(hot)} functions touched: the profiling run did not run the dashboard")
with open(out, 'w') as o:
    o.write('\n'.join(hot) + '\n')
print(f"code layout: {len(hot)} of {functions} functions touched ({hot_bytes / 2**20:.1f} of {total / 2**20:.1f} MiB), "
      f"{len(pages) * 4 / 1024:.1f} MiB of the binary's pages")
