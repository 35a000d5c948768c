#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The property of issue 17: for every fixture and every command, every size
the text shows (human units, or pages where a table shows pages) is the
JSON row's <col>_bytes, and the Prometheus sample of that column and row
has the same value in bytes.  TAP on stdout; run from tests/ after make."""
import glob
import json
import os
import re
import subprocess
import sys

M = '../memviz'
CMDS = ['summary', 'zones', 'nodes', 'lru', 'reclaim', 'oom', 'oom --events', 'explain', 'cgroups',
        'activity', 'watch', 'whatif min_free_kbytes=8192', 'whatif watermark_scale_factor=100',
        'frag', 'whatif alloc 9 --gfp movable']
NEEDS = {'cgroups': 'memcg', 'lru': 'lru', 'reclaim': 'reclaim', 'activity': 'activity', 'oom --events': 'oom_events',
         'frag': 'orders', 'whatif alloc 9 --gfp movable': 'orders'}
UNIT = {'KiB': 1 << 10, 'MiB': 1 << 20, 'GiB': 1 << 30, 'TiB': 1 << 40, 'PiB': 1 << 50}
HUMAN = re.compile(r'^(-?)([0-9]+(?:\.([0-9]))?)(KiB|MiB|GiB|TiB|PiB)$')
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def run(d, cmd, *opts):
    env = dict(os.environ)
    env.pop('COLUMNS', None)
    r = subprocess.run([M, '--debugfs', d, *opts, *cmd.split()], capture_output=True, env=env)
    return r.returncode, r.stdout.decode('utf-8', 'replace')


def text_tables(text, jtabs):
    """The text rows of each JSON table, as lists of dicts (None: not a table in text)."""
    lines = text.split('\n')
    pos, out = 0, []
    for t in jtabs:
        if t['title']:
            want = '# ' + t['title']
            while pos < len(lines) and lines[pos] != want:
                pos += 1
            if pos == len(lines):
                out.append(None)
                pos = 0
                continue
        else:
            while pos < len(lines) and not lines[pos].strip():
                pos += 1
        while pos < len(lines) and lines[pos].startswith('#'):
            pos += 1
        if pos >= len(lines) or lines[pos].startswith('@') or not lines[pos].strip():
            out.append(None)
            continue
        header = lines[pos].split()
        rows = []
        pos += 1
        while pos < len(lines) and lines[pos].strip():
            rows.append(dict(zip(header, lines[pos].split())))
            pos += 1
        out.append(rows)
    return out


def close(text, b):
    m = HUMAN.match(text)
    if not m:
        return False
    v = float(m.group(2)) * UNIT[m.group(4)] * (-1 if m.group(1) else 1)
    tol = UNIT[m.group(4)] * (0.05 if m.group(3) is not None else 0.5) + 1
    return abs(v - b) <= tol


def prom_samples(text):
    s = {}
    for line in text.split('\n'):
        if not line or line.startswith('#'):
            continue
        m = SAMPLE.match(line)
        if m:
            labels = tuple(sorted(LABEL.findall(m.group(3) or '')))
            s[(m.group(1), labels)] = float(m.group(4))
    return s


def check(d, cmd):
    errs, checked, matched = [], 0, 0
    rc, js = run(d, cmd, '--json')
    if rc:
        return None, (0, 0)
    doc = json.loads(js)
    _, txt = run(d, cmd, '--wide', '--all')
    _, prom = run(d, cmd, '--prom')
    samples = prom_samples(prom)
    for t, trows in zip(doc['tables'], text_tables(txt, doc['tables'])):
        if trows is None:
            continue
        if len(trows) != len(t['rows']):
            errs.append(f"{t['name']}: {len(trows)} text rows, {len(t['rows'])} JSON rows")
            continue
        keys = [c['name'] for c in t['columns'] if c.get('key')]
        for c in t['columns']:
            if c['unit'] not in ('pages', 'blocks', 'kb'):
                continue
            name = c['name']
            for tr, jr in zip(trows, t['rows']):
                tv, jv, jb = tr.get(name), jr.get(name), jr.get(name + '_bytes')
                if tv is None:
                    errs.append(f"{t['name']}.{name}: not in the text")
                    break
                checked += 1
                if jv is None:
                    if tv != '-':
                        errs.append(f"{t['name']}.{name}: text {tv}, JSON null")
                    continue
                if not (tv == str(jv) or close(tv, jb)):
                    errs.append(f"{t['name']}.{name}: text {tv}, JSON {jv} pages = {jb} bytes")
                metric = c.get('metric')
                if metric and metric.endswith(('_bytes', '_bytes_total')):
                    labels = {k: str(jr[k]) for k in keys if jr.get(k) is not None}
                    labels.update(c.get('labels', {}))
                    key = (metric, tuple(sorted(labels.items())))
                    if key in samples:
                        matched += 1
                        if samples[key] != jb:
                            errs.append(f"{metric}{labels}: prom {samples[key]}, JSON {jb} bytes")
    return errs, (checked, matched)


def main():
    n = failed = 0
    dirs = sorted(glob.glob('fixtures/*/') + glob.glob('synthetic/*/')) + ['corrupt/comm-utf8/']
    for d in dirs:
        for cmd in CMDS:
            need = NEEDS.get(cmd, 'zones')
            if not os.path.exists(d + need):
                continue
            errs, checked = check(d, cmd)
            if errs is None:
                continue
            checked, matched = checked
            n += 1
            ok = not errs
            failed += not ok
            print(f"{'' if ok else 'not '}ok {n} - sizes: {d} {cmd}: {checked} sizes, text = JSON bytes; {matched} prom samples equal")
            for e in errs[:10]:
                print('#   ' + e)
    print(f'1..{n}')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
