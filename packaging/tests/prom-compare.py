#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Checks for the fleet test in selftests/vm/packaging.sh.

  prom-compare.py same WRITTEN SERVED
      every memviz_* sample of the textfile WRITTEN is served by node_exporter
      (SERVED, a scrape) with the same value, and nothing else memviz_* is
  prom-compare.py snapshot DIR SERVED
      served values against the snapshot's own tables (the oracle): zone free
      and watermarks, reclaimable and shortfall per zone, kswapd failures,
      the OOM victim (memviz_oom_candidate_info{rank="1"}), a sysctl
  prom-compare.py names RULES SERVED
      every memviz_* metric the alerting rules name is served

Prints one line per mismatch (at most 20) and exits 1 when there is any.
"""
import re
import sys

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?\s*$')
LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?')


def parse(path):
    """Samples as {(name, ((label, value), ...)): float}, and family names."""
    samples, families = {}, set()
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('# TYPE '):
                families.add(line.split()[2])
                continue
            if not line or line.startswith('#'):
                continue
            m = SAMPLE.match(line)
            if not m:
                raise SystemExit(f'{path}: cannot parse: {line}')
            # An empty label is no label (node_exporter drops it).
            labels = tuple(sorted((k, v) for k, v in LABEL.findall(m.group(3) or '') if v))
            samples[(m.group(1), labels)] = float(m.group(4))
    return samples, families


def show(key):
    name, labels = key
    return name + '{' + ','.join(f'{k}="{v}"' for k, v in labels) + '}'


def table(path):
    """A memviz table: (facts from the banner, header, rows as dicts)."""
    facts, header, rows = {}, None, []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if line.startswith('#'):
                for word in line[1:].split():
                    if '=' in word:
                        k, v = word.split('=', 1)
                        facts.setdefault(k, v)
                continue
            if not line.strip():
                if header:
                    break  # first table of the file only
                continue
            if header is None:
                header = line.split()
            else:
                rows.append(dict(zip(header, line.split())))
    return facts, header, rows


def cmd_same(written, served):
    w, _ = parse(written)
    s, _ = parse(served)
    errs = []
    for key, v in w.items():
        if key not in s:
            errs.append(f'written but not served: {show(key)}')
        elif s[key] != v:
            errs.append(f'{show(key)}: written {v!r}, served {s[key]!r}')
    for key in s:
        if key[0].startswith('memviz_') and key not in w:
            errs.append(f'served but not written: {show(key)}')
    if not [k for k in w if k[0].startswith('memviz_')]:
        errs.append('no memviz_* sample written')
    return errs


def cmd_snapshot(snap, served):
    s, _ = parse(served)
    errs, checked = [], 0

    def expect(name, labels, value):
        nonlocal checked
        key = (name, tuple(sorted((k, v) for k, v in labels.items() if v not in ('', '-'))))
        checked += 1
        if key not in s:
            errs.append(f'not served: {show(key)} (snapshot says {value})')
        elif s[key] != float(value):
            errs.append(f'{show(key)}: served {s[key]!r}, snapshot says {value}')

    facts, _, zones = table(f'{snap}/zones')
    page = int(facts['page_size'])
    for z in zones:
        lab = {'node': z['node'], 'zone': z['zone']}
        expect('memviz_zone_free_bytes', lab, int(z['free']) * page)
        for mark in ('min', 'low', 'high'):
            expect('memviz_zone_watermark_bytes', dict(lab, mark=mark), int(z[mark]) * page)
        expect('memviz_zone_state_info', dict(lab, state=z['state']), 1)
    facts, _, reclaim = table(f'{snap}/reclaim')
    for z in reclaim:
        lab = {'node': z['node'], 'zone': z['zone']}
        expect('memviz_zone_shortfall_bytes', dict(lab, mark='high'), int(z['shortfall_high']) * page)
        expect('memviz_zone_reclaimable_bytes', lab, int(z['reclaimable']) * page)
    _, _, nodes = table(f'{snap}/nodes')
    for n in nodes:
        expect('memviz_node_kswapd_failures', {'node': n['node']}, int(n['kswapd_failures']))
    facts, _, oom = table(f'{snap}/oom')
    victim = [r for r in oom if r['eligible'] == 'yes'][0]
    if facts.get('next_victim') != victim['pid']:
        errs.append(f"snapshot oom: next_victim={facts.get('next_victim')}, first row {victim['pid']}")
    # who a candidate is: only in the bounded _info series, keyed by rank
    expect('memviz_oom_candidate_info', {'rank': '1', 'pid': victim['pid'], 'comm': victim['comm'],
                                         'cgroup': victim['cgroup']}, 1)
    expect('memviz_oom_candidate_points', {'rank': '1'}, int(victim['points']))
    with open(f'{snap}/proc/sys/vm/min_free_kbytes', encoding='utf-8') as f:
        expect('memviz_sysctl_min_free_bytes', {}, int(f.read()) * 1024)
    print(f'# {checked} served values compared with the snapshot tables')
    return errs


def cmd_names(rules, served):
    _, fams = parse(served)
    with open(rules, encoding='utf-8') as f:
        names = sorted(set(re.findall(r'\bmemviz_[a-z0-9_]+', f.read())))
    print(f'# rules name {len(names)} memviz metrics: {" ".join(names)}')
    return [f'named by the rules, not served: {n}' for n in names if n not in fams]


def main():
    cmds = {'same': cmd_same, 'snapshot': cmd_snapshot, 'names': cmd_names}
    if len(sys.argv) != 4 or sys.argv[1] not in cmds:
        sys.exit(__doc__)
    errs = cmds[sys.argv[1]](sys.argv[2], sys.argv[3])
    for e in errs[:20]:
        print(e)
    sys.exit(1 if errs else 0)


if __name__ == '__main__':
    main()
