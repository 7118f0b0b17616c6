#!/usr/bin/env python3
"""Summarises a bench/edge-scale results file (key=value lines) as a table with edge/HAProxy ratios."""
import re
import sys

path, n = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(path):
    if line.startswith('#') or not line.strip():
        continue
    name, rest = line.split(' ', 1)
    rows[name] = dict(re.findall(r'(\w+)=([^\s,]+)', rest))


def f(row, key):
    try:
        return float(rows[row][key])
    except (KeyError, ValueError):
        return float('nan')


def ratio(a, b):
    return f'{a / b:.2f}' if b and b == b and a == a else 'n/a'


kib = 1024.0
out = [f'## summary N={n}', '| figure | Certsmith edge | HAProxy | edge/HAProxy |', '| --- | --- | --- | --- |']
for label, key in (('time to first name served (s)', 'first_s'), ('time to every name served (s)', 'all_s')):
    e, h = f('edge.start', key), f('haproxy.start', key)
    out.append(f'| {label} | {e:.2f} | {h:.2f} | {ratio(e, h)} |')
for phase, label in (('sweep', 'first handshake per name (sweep)'), ('full', 'full TLS 1.3 handshakes, random SNI'),
                     ('resume', 'resumed handshakes (tickets)'), ('hot20', 'full handshakes over 20 names'),
                     ('hot20resume', 'resumed handshakes over 20 names')):
    e, h = f(f'edge.{phase}', 'rate'), f(f'haproxy.{phase}', 'rate')
    out.append(f'| {label}: handshakes/s | {e:.0f} | {h:.0f} | {ratio(e, h)} |')
    e, h = f(f'edge.{phase}', 'server_cpu_ms_per_handshake'), f(f'haproxy.{phase}', 'server_cpu_ms_per_handshake')
    out.append(f'| {label}: server CPU ms/handshake | {e:.3f} | {h:.3f} | {ratio(e, h)} |')
    if 'resume' in phase:
        def share(row):
            return f(row, 'reused') / f(row, 'handshakes') * 100 if f(row, 'handshakes') else float('nan')
        out.append(f'| {label}: resumed share (%) | {share(f"edge.{phase}"):.0f} | {share(f"haproxy.{phase}"):.0f} | |')
changes = [f(f'edge.change{k}', key) for k in (1, 2, 3) for key in ('retire_ms', 'restore_ms')]
out.append(f'| a retirement or new version reaches the edge (ms, worst of 6) | {max(changes):.0f} | | |')
out.append(f"| other names' handshakes failed meanwhile | {rows.get('edge.duringchange', {}).get('failed', 'n/a')} of {rows.get('edge.duringchange', {}).get('handshakes', 'n/a')} | | |")
gc0, ws0 = f('edge.empty', 'gc'), f('edge.empty', 'ws')
for state in ('loaded', 'touched'):
    gc, ws = f(f'edge.{state}', 'gc'), f(f'edge.{state}', 'ws')
    hr = f(f'haproxy.{state}', 'rss_kb')
    what = 'not used yet' if state == 'loaded' else 'in use (after the sweep)'
    out.append(f'| memory per certificate {what}: GC heap delta (KiB) | {(gc - gc0) / n / kib:.2f} | | |')
    out.append(f'| memory per certificate {what}: working set delta / RSS (KiB) | {(ws - ws0) / n / kib:.2f} | {hr / n:.2f} (RSS/N) | {ratio((ws - ws0) / n / kib, hr / n)} |')
    out.append(f'| process memory {what} (MiB) | {ws / kib / kib:.0f} | {hr / kib:.0f} | {ratio(ws / kib, hr)} |')
print('\n'.join(out))
