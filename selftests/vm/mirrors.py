#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The kernel functions memviz mirrors, checked against each line's sources.

module/MIRRORS lists every kernel function (or macro) memviz copies instead
of calling: its name, its kernel file(s), the memviz file(s) holding the
copy, and per source package the fingerprint of the kernel's text (or
"absent").  This tool extracts each one from each source tree and compares.

A fingerprint is the first 12 hex digits of the sha256 of the definition's
C tokens: comments and whitespace do not count, any token does.  The
normalised text of every recorded fingerprint is kept in
module/mirrored/<name>/<fingerprint>.c, so a change shows as a diff.

  mirrors.py check [--tap] [--update] LIST PKG[=DIR]...
      compare every function of LIST on the source package PKG unpacked in
      DIR (selftests/vm/sources.sh); PKG without DIR: a known line that is
      not checked this time.  One result per function, TAP points with
      --tap; --update records what is found instead.
  mirrors.py extract DIR NAME FILE[,FILE...]
      the normalised text of NAME in DIR's FILEs and its fingerprint

selftests/vm/mirrors.sh runs `check` on the sources of the kernel lines.
"""
import difflib
import functools
import hashlib
import os
import re
import sys

ABSENT = 'absent'
FP_LEN = 12

# ---- extraction ----


_LEXEMES = re.compile(r'''/\*.*?(?:\*/|\Z) | //[^\n]*
                       | "(?:\\.|[^"\\\n])*"? | '(?:\\.|[^'\\\n])*'?''', re.S | re.X)


def _blank(text, literals):
    """@text with comments (and, with @literals, the inside of string and
    character literals) replaced by spaces: offsets and newlines kept."""
    def repl(m):
        s = m.group(0)
        if s[0] == '/':
            return re.sub(r'[^\n]', ' ', s)
        if literals and len(s) > 1:
            return s[0] + ' ' * (len(s) - 2) + s[-1]
        return s
    return _LEXEMES.sub(repl, text)


_DIRECTIVE = re.compile(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', re.M)


def _skeleton(code):
    """@code (comments blanked) with literals and preprocessor lines blanked:
    only the braces and parentheses of C code are left to match."""
    sk = _blank(code, True)
    return _DIRECTIVE.sub(lambda m: re.sub(r'[^\n]', ' ', m.group(0)), sk)


def _match(sk, i, op, cl):
    """Index just past the bracket closing the one at @i, or -1."""
    depth = 0
    for j in range(i, len(sk)):
        if sk[j] == op:
            depth += 1
        elif sk[j] == cl:
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


def _decl_start(sk, pos):
    """Start of the line where the declaration holding @pos begins: earlier
    lines belong to it while they are not blank (comments and directives are
    blank in the skeleton @sk) and do not end a statement or a block."""
    start = sk.rfind('\n', 0, pos) + 1
    while start > 0:
        prev = sk.rfind('\n', 0, start - 1) + 1
        line = sk[prev:start - 1].strip()
        if not line or line[-1] in ';{}':
            break
        start = prev
    return start


def _functions(sk, name):
    """Spans of the definitions (with bodies) of function @name."""
    spans, depth, pos = [], 0, 0
    for m in re.finditer(r'\b%s\s*\(' % re.escape(name), sk):
        # brace depth at the match: definitions are at file scope
        depth += sk.count('{', pos, m.start()) - sk.count('}', pos, m.start())
        pos = m.start()
        if depth != 0:
            continue
        before = sk[:m.start()].rstrip()
        if before and not re.search(r'[\w*)]$', before):
            continue			# a call or an initialiser
        close = _match(sk, m.end() - 1, '(', ')')
        if close < 0:
            continue
        # attributes between the parameters and the body: __releases(x)
        tail = re.match(r'(?:\s*\w+\b(?:\s*\([^;{]*?\))?)*\s*\{', sk[close:])
        if not tail:
            continue			# a prototype
        body = close + tail.end() - 1
        end = _match(sk, body, '{', '}')
        if end > 0:
            spans.append((_decl_start(sk, m.start()), end))
    return spans


def _macros(code, name):
    """Spans of the #define lines (continuations included) of @name."""
    pat = r'^[ \t]*#[ \t]*define[ \t]+%s\b(?:[^\n]*\\\n)*[^\n]*' % re.escape(name)
    return [(m.start(), m.end()) for m in re.finditer(pat, code, re.M)]


def normalise(text):
    """@text without blank lines, its indentation kept and every other run
    of blanks one space: what is stored, diffed and fingerprinted."""
    out = []
    for line in text.splitlines():
        if line.strip():
            indent = line[:len(line) - len(line.lstrip())]
            out.append(indent + ' '.join(line.split()) + '\n')
    return ''.join(out)


_TOKEN = re.compile(r'''
    [A-Za-z_]\w*
  | \.?\d(?:[eEpP][+-]|[\w.])*
  | "(?:\\.|[^"\\\n])*" | '(?:\\.|[^'\\\n])*'
  | \.\.\. | <<= | >>= | -> | \+\+ | -- | << | >> | <= | >= | == | != | && | \|\|
  | [-+*/%&|^]= | \#\#
  | \S''', re.X)


def fingerprint(text):
    """Hash of the C tokens of @text (line-continuation backslashes dropped)."""
    tokens = [t for t in _TOKEN.findall(text) if t != '\\']
    return hashlib.sha256(' '.join(tokens).encode()).hexdigest()[:FP_LEN]


@functools.lru_cache(maxsize=64)
def _parse(path):
    """A source file, comments blanked, and its skeleton; None if missing."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            code = _blank(f.read(), False)
    except FileNotFoundError:
        return None
    return code, _skeleton(code)


def extract(srcdir, name, files):
    """Normalised text of every definition of @name in @files of @srcdir, in
    file order (both sides of an #ifdef count), or None when there is none."""
    parts = []
    for rel in files:
        parsed = _parse(os.path.join(srcdir, rel))
        if not parsed:
            continue
        code, sk = parsed
        spans = _functions(sk, name) + _macros(code, name)
        parts += [code[a:b] for a, b in sorted(spans)]
    return normalise('\n'.join(parts)) if parts else None


# ---- the list ----


def short(pkg):
    return pkg.replace('linux-source-', '')


class Mirrors:
    """module/MIRRORS: a preamble of comments, one '#@ PACKAGE VERSION' line
    per fingerprint column, a '#:' column header, then one row per function
    (comment lines between rows are kept):
        NAME FINGERPRINT... KERNEL-FILE[,FILE...] MEMVIZ-FILE...
    The recorded texts live beside it, in mirrored/NAME/FINGERPRINT.c."""

    def __init__(self, path):
        self.path = path
        self.root = os.path.dirname(os.path.dirname(os.path.abspath(path)))
        self.texts = os.path.join(os.path.dirname(path), 'mirrored')
        self.preamble, self.body, self.sources = [], [], []
        with open(path) as f:
            for no, line in enumerate(f, 1):
                fields = line.split()
                if line.startswith('#@'):
                    self.sources.append(fields[1:3])
                elif line.startswith('#:'):
                    continue
                elif not self.sources:
                    self.preamble.append(line)
                elif not fields or fields[0].startswith('#'):
                    self.body.append(line)
                else:
                    self.body.append(self._row(fields, path, no))

    def _row(self, f, path, no):
        n = len(self.sources)
        if len(f) < n + 3:
            sys.exit('%s:%d: want NAME, %d fingerprints, kernel file(s), memviz file(s)'
                     % (path, no, n))
        return {'name': f[0], 'kernel': f[n + 1].split(','), 'memviz': f[n + 2:],
                'fp': {s[0]: None if fp == '-' else fp
                       for s, fp in zip(self.sources, f[1:n + 1])}}

    def rows(self):
        return [r for r in self.body if isinstance(r, dict)]

    def version(self, pkg):
        return dict(self.sources).get(pkg)

    def text(self, name, fp):
        try:
            with open(os.path.join(self.texts, name, fp + '.c')) as f:
                return f.read()
        except (FileNotFoundError, TypeError):
            return None

    def store(self, name, fp, text):
        os.makedirs(os.path.join(self.texts, name), exist_ok=True)
        with open(os.path.join(self.texts, name, fp + '.c'), 'w') as f:
            f.write(text)

    def write(self):
        """Rewrite the list, aligned, and drop texts no row records."""
        rows, pkgs = self.rows(), [s[0] for s in self.sources]
        wn = max([len(r['name']) for r in rows] + [9])
        wk = max([len(','.join(r['kernel'])) for r in rows] + [11])
        out = list(self.preamble)
        out += ['#@ %s %s\n' % (p, v) for p, v in self.sources]
        head = ['#: function'.ljust(wn)] + [short(p).ljust(FP_LEN) for p in pkgs]
        out.append(' '.join(head + ['kernel file'.ljust(wk), 'memviz']) + '\n')
        for r in self.body:
            if isinstance(r, dict):
                cols = [r['name'].ljust(wn)] + [(r['fp'].get(p) or '-').ljust(FP_LEN)
                                              for p in pkgs]
                cols += [','.join(r['kernel']).ljust(wk), ' '.join(r['memviz'])]
                r = ' '.join(cols) + '\n'
            out.append(r)
        with open(self.path + '.tmp', 'w') as f:
            f.writelines(out)
        os.replace(self.path + '.tmp', self.path)
        keep = {(r['name'], fp + '.c') for r in rows for fp in r['fp'].values() if fp}
        for name in os.listdir(self.texts) if os.path.isdir(self.texts) else []:
            d = os.path.join(self.texts, name)
            for fn in os.listdir(d):
                if (name, fn) not in keep and re.fullmatch(r'[0-9a-f]+\.c', fn):
                    os.remove(os.path.join(d, fn))
            if not os.listdir(d):
                os.rmdir(d)


# ---- the check ----


def diff(old, new, old_label, new_label):
    return list(difflib.unified_diff((old or '').splitlines(True), (new or '').splitlines(True),
                                     old_label, new_label, n=2))


def closest(m, row, text):
    """The recorded package whose text of @row is most like @text."""
    best, best_ratio = None, -1.0
    for pkg, fp in row['fp'].items():
        old = m.text(row['name'], fp)
        ratio = difflib.SequenceMatcher(None, old or '', text or '').ratio()
        if old is not None and ratio > best_ratio:
            best, best_ratio = pkg, ratio
    return best


def compare(m, row, trees):
    """What is wrong with @row on the source @trees ({pkg: (dir, version)}):
    a list of problems, each a list of lines (what, then a diff)."""
    problems, name = [], row['name']
    for f in row['memviz']:
        if not os.path.exists(os.path.join(m.root, f)):
            problems.append(['memviz file %s does not exist: fix the row' % f])
    for pkg, (srcdir, version) in trees.items():
        text = extract(srcdir, name, row['kernel'])
        now = fingerprint(text) if text else ABSENT
        rec = row['fp'].get(pkg)
        same = [short(p) for p, fp in row['fp'].items() if fp == now and p != pkg]
        # A line not recorded yet passes where memviz's copy already
        # follows its text (the list-wide point asks for --update).
        if rec == now or (not rec and same):
            continue
        what = '%s %s: %s, recorded %s' % (short(pkg), version, now,
                                           '%s on %s' % (rec, m.version(pkg)) if rec else 'nothing')
        if same:
            what += ', the same as recorded for %s' % ' '.join(same)
        problems.append([what + ': re-derive %s, then selftests/vm/mirrors.sh --update'
                         % ' '.join(row['memviz'])])
        base = pkg if rec else closest(m, row, text)
        if base and not same:
            old = m.text(name, row['fp'][base])
            if old is None and row['fp'][base] != ABSENT:
                problems[-1].append('(no %s/%s.c to compare with)' % (name, row['fp'][base]))
            else:
                problems[-1] += diff(old, text, '%s recorded for %s' % (name, short(base)),
                                     '%s in %s %s' % (name, short(pkg), version))
    return problems


def record(m, trees, stale):
    """--update: the fingerprints and texts found in @trees become the
    record; the columns of @stale packages go.  Prints what changed."""
    changed = set()
    for row in m.rows():
        for pkg, (srcdir, _) in trees.items():
            text = extract(srcdir, row['name'], row['kernel'])
            now = fingerprint(text) if text else ABSENT
            if text:
                m.store(row['name'], now, text)
            if row['fp'].get(pkg) != now:
                print('%s %s: %s -> %s' % (row['name'], short(pkg),
                                           row['fp'].get(pkg) or 'unrecorded', now))
                changed.add(row['name'])
            row['fp'][pkg] = now
        for pkg in stale:
            row['fp'].pop(pkg, None)
    m.sources = [[p, trees[p][1] if p in trees else v] for p, v in m.sources if p not in stale]
    m.sources += [[p, v] for p, (_, v) in trees.items() if p not in dict(m.sources)]
    m.write()
    print('mirrors: %d kernel copies recorded on %s, %d changed%s'
          % (len(m.rows()), ' '.join(short(p) for p in trees), len(changed),
             '; dropped ' + ' '.join(stale) if stale else ''))
    return 0


def check(args):
    tap = '--tap' in args
    update = '--update' in args
    args = [a for a in args if a not in ('--tap', '--update')]
    if len(args) < 2:
        sys.exit(__doc__)
    m = Mirrors(args[0])
    trees, known = {}, []
    for arg in args[1:]:
        pkg, _, srcdir = arg.partition('=')
        known.append(pkg)
        if srcdir:
            base = os.path.basename(os.path.normpath(srcdir))
            trees[pkg] = (srcdir, base.partition('_')[2] or base)
    stale = [p for p, _ in m.sources if p not in known]
    if update:
        return record(m, trees, stale)

    checked = ' '.join(short(p) for p in trees)
    results = [('kernel copy %s (%s) as recorded on %s' % (r['name'], ','.join(r['kernel']), checked),
                compare(m, r, trees)) for r in m.rows()]
    listed = [['%s is no line\'s source any more: --update drops its column' % p] for p in stale]
    for pkg in trees:
        missing = [r['name'] for r in m.rows() if not r['fp'].get(pkg)]
        if pkg not in dict(m.sources):
            listed.append(['%s has no column: read the points below, then --update' % pkg])
        elif missing:
            listed.append(['%s: nothing recorded for %s: --update' % (pkg, ' '.join(missing))])
    results.insert(0, ('%s records every kernel line checked, and only those' % args[0], listed))
    failed = sum(1 for _, problems in results if problems)
    for desc, problems in results:
        if tap:
            print('%s - %s' % ('not ok' if problems else 'ok', desc))
        elif problems:
            print(desc + ':')
        for p in problems:
            print('\n'.join(('#   ' if tap else '    ') + l.rstrip('\n') for l in p))
    if tap:
        return 0
    print('mirrors: %d kernel copies on %s, %d failed' % (len(m.rows()), checked, failed))
    return 1 if failed else 0


# ---- the extractor's own test ----

_SAMPLE = r'''#include <linux/mm.h>
/* a prototype is not a definition */
static bool foo(struct x *p, int y);

#ifdef CONFIG_FOO
static inline bool
foo(struct x *p,
    int y) __must_hold(&p->lock)
{
	if (y > 1)	/* a brace in a comment: { */
		return p->a == '}';
	return !strcmp(p->name, "{");
}
#else
static inline bool foo(struct x *p, int y) { return false; }
#endif

#define BAR(x) \
	((x) + 1)

int caller(void)
{
	return foo(NULL, BAR(2));
}
'''

# (what is done to the sample, whether foo's fingerprint must stay the same)
_EDITS = [
    ('comments changed', lambda s: s.replace('a brace in a comment: {', 'reworded }}'), True),
    ('comment added inside', lambda s: s.replace('\treturn !strcmp', '\t/* why */\n\treturn !strcmp'), True),
    ('reindented, signature rewrapped',
     lambda s: s.replace('foo(struct x *p,\n    int y)', 'foo(struct x *p, int y)')
                .replace('\t\treturn p->a', '  return   p->a'), True),
    ('caller changed', lambda s: s.replace('BAR(2)', 'BAR(3)'), True),
    ('operator changed', lambda s: s.replace('y > 1', 'y >= 1'), False),
    ('constant changed', lambda s: s.replace('y > 1', 'y > 2'), False),
    ('string changed', lambda s: s.replace('"{"', '"{{"'), False),
    ('#else side changed', lambda s: s.replace('return false;', 'return true;'), False),
    ('attribute changed', lambda s: s.replace('__must_hold', '__releases'), False),
]


def selftest():
    """TAP points: the extractor finds what it must and the fingerprint
    sees every token change and no comment or whitespace one."""
    import tempfile
    ok = True

    def point(good, desc):
        nonlocal ok
        ok = ok and good
        print('%s - mirrors.py: %s' % ('ok' if good else 'not ok', desc))

    with tempfile.TemporaryDirectory() as d:
        def fp_of(text, name='foo'):
            with open(os.path.join(d, 'x.c'), 'w') as f:
                f.write(text)
            _parse.cache_clear()
            got = extract(d, name, ['x.c'])
            return got, got and fingerprint(got)
        foo, base = fp_of(_SAMPLE)
        point(bool(foo) and foo.count('{\n') == 1 and 'caller' not in foo and
              '#include' not in foo and 'prototype' not in foo and 'brace' not in foo and
              foo.startswith('static inline bool\nfoo(') and foo.rstrip().endswith('return false; }'),
              'extracts both #ifdef sides of a function, no prototype, caller or comment')
        bar = fp_of(_SAMPLE, 'BAR')[0]
        point(bar == '#define BAR(x) \\\n\t((x) + 1)\n', 'extracts a multi-line macro')
        point(fp_of(_SAMPLE, 'baz')[0] is None, 'a name the file does not define is absent')
        for desc, edit, same in _EDITS:
            edited = edit(_SAMPLE)
            assert edited != _SAMPLE, desc
            point((fp_of(edited)[1] == base) == same,
                  '%s: fingerprint %s' % (desc, 'kept' if same else 'changed'))
    return 0 if ok else 1


def main(argv):
    if argv == ['selftest']:
        return selftest()
    if len(argv) >= 4 and argv[0] == 'extract':
        text = extract(argv[1], argv[2], argv[3].split(','))
        if text:
            sys.stdout.write(text)
        print('# %s %s' % (argv[2], fingerprint(text) if text else ABSENT))
        return 0
    if argv and argv[0] == 'check':
        return check(argv[1:])
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
