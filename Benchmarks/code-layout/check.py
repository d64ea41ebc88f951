"""Whether BINARY's code is laid out as LAYOUT (the profile's function list) says.

    python3 check.py BINARY LAYOUT

The listed functions must lie at the front of the code: every one of them within twice their own
size from its start (some prebuilt objects of the Swift runtime and Foundation keep several
functions in one section, so a listed one brings its neighbours). Linked without the layout, about
three quarters of them are there. Exits 1 when fewer than 99 % are.
"""
import subprocess
import sys

binary, layout = sys.argv[1:3]
listed = set(open(layout).read().split())
rows = []
nm = subprocess.run(['nm', '-S', '-n', '--defined-only', binary], capture_output=True, text=True, check=True)
for line in nm.stdout.splitlines():
    f = line.split()
    if len(f) == 4 and f[2] in 'tT':
        rows.append((int(f[0], 16), int(f[1], 16), f[3]))
start = rows[0][0]
size = sum(s for a, s, n in rows if n in listed)
count = sum(1 for a, s, n in rows if n in listed)
inside = sum(1 for a, s, n in rows if n in listed and a - start < 2 * size)
share = 100 * inside / max(count, 1)
print(f"code layout: {inside} of {count} listed functions ({share:.1f} %) in the first {2 * size / 2**20:.1f} MiB of code")
sys.exit(0 if count > 1000 and share >= 99 else 1)
