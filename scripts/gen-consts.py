#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Emit the named-constant tables of one ABI from its headers.

Usage:
  gen-consts.py --header constants.txt -o decode-families.h
  gen-consts.py ABI constants.txt -o OUT.c -- CC [CC ARGS...]

The families and their headers are listed in prototypes/constants.txt.
The ABI's own compiler preprocesses the headers, so that a value that
differs between ABIs (O_DIRECTORY on arm, SA_RESTORER, signal numbers)
comes out as that ABI has it.  Names come from "cc -E -dD" (in the
order the headers define them); values from "cc -S" of a probe that
makes the compiler print each one as an immediate operand, which needs
no way to run the ABI's code.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

DEFINE_RE = re.compile(r'^#define (\w+)(?:\s+(.*))?$')
PROBE_RE = re.compile(r'@SWC@(\d+)@(\d+)@(-?\d+)@')
ERROR_RE = re.compile(r':(\d+):\d+: error:')


class Family:
    pass


def parse_spec(path):
    fams = []
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            fields = line.split('\t')
            if len(fields) not in (4, 5, 6) or fields[1] not in ('flags',
                                                               'enum'):
                sys.exit('%s:%d: expected FAMILY, flags|enum, HEADERS, '
                         'PATTERN and an optional EXCLUDE, tab-separated'
                         % (path, lineno))
            fam = Family()
            fam.name, fam.kind = fields[0], fields[1]
            fam.headers = fields[2].split(',')
            fam.pattern = re.compile(fields[3])
            fam.exclude = re.compile(fields[4]) if len(fields) >= 5 \
                and fields[4] else None
            fam.order = fields[5].split(',') if len(fields) == 6 else []
            fams.append(fam)
    names = [f.name for f in fams]
    if len(set(names)) != len(names):
        sys.exit('%s: a family is listed twice' % path)
    return fams


def includes(headers):
    # With _GNU_SOURCE, as syswarden is built: glibc hides some names
    # (ST_RELATIME) without it.
    return '#define _GNU_SOURCE\n' + ''.join('#if __has_include(<%s>)\n#include <%s>\n#endif\n'
                   % (h, h) for h in headers)


def run(cc, args, src, tmp):
    path = os.path.join(tmp, 'probe.c')
    with open(path, 'w') as f:
        f.write(src)
    p = subprocess.run(cc + args + [path, '-o', '-'], capture_output=True,
                       text=True)
    return p.returncode, p.stdout, p.stderr


def macro_names(cc, headers, tmp):
    """Object-like macros the headers define, in definition order."""
    rc, out, err = run(cc, ['-E', '-dD'], includes(headers), tmp)
    if rc:
        sys.exit('gen-consts: %s: preprocessing %s failed:\n%s'
                 % (' '.join(cc), ' '.join(headers), err))
    names = []
    for line in out.split('\n'):
        m = DEFINE_RE.match(line)
        if m and m.group(2) is not None:
            names.append(m.group(1))
    return names


def probe(cc, headers, wanted, tmp):
    """{(family, name): value} for each name whose value is an integer
    constant; names that are not (strings, pointers) are dropped."""
    left = list(wanted)
    for _ in range(len(left) + 1):
        lines = [includes(headers), 'void sw_probe(void);\n',
                 'void sw_probe(void)\n{\n']
        first = len(''.join(lines).split('\n'))
        for i, (_, name) in enumerate(left):
            # Low and high halves: a 32-bit ABI takes no 64-bit "i".
            lines.append('__asm__ volatile("@SWC@%d@0@%%c0@ @SWC@%d@1@%%c1@"'
                         ' :: "i"((unsigned int)((unsigned long long)(%s)'
                         ' & 0xffffffffu)), "i"((unsigned int)((unsigned '
                         'long long)(%s) >> 32)));\n' % (i, i, name, name))
        lines.append('}\n')
        rc, out, err = run(cc, ['-S', '-O0', '-w'], ''.join(lines), tmp)
        if rc == 0:
            vals = {}
            for m in PROBE_RE.finditer(out):
                i, half, v = int(m.group(1)), int(m.group(2)), \
                    int(m.group(3)) & 0xffffffff
                vals[i] = vals.get(i, 0) | (v << (32 * half))
            return {left[i]: v for i, v in vals.items()}
        bad = set()
        for m in ERROR_RE.finditer(err):
            k = int(m.group(1)) - first
            if 0 <= k < len(left):
                bad.add(k)
        if not bad:
            sys.exit('gen-consts: %s: probe failed:\n%s'
                     % (' '.join(cc), err))
        left = [x for k, x in enumerate(left) if k not in bad]
    sys.exit('gen-consts: no progress')


def extract(cc, fams):
    by_headers = {}
    for fam in fams:
        by_headers.setdefault(tuple(fam.headers), []).append(fam)
    values = {}
    with tempfile.TemporaryDirectory() as tmp:
        for headers, group in by_headers.items():
            names = macro_names(cc, list(headers), tmp)
            wanted = []
            for fam in group:
                seen = set()
                for n in names:
                    if n in seen or not fam.pattern.search(n):
                        continue
                    if fam.exclude and fam.exclude.search(n):
                        continue
                    seen.add(n)
                    wanted.append((fam.name, n))
            values.update(probe(cc, list(headers), wanted, tmp))
            for fam in group:
                fam.entries = [(n, values[(f, n)]) for f, n in wanted
                               if f == fam.name and (f, n) in values]
    for fam in fams:
        # The first name of a value wins; order by value, as strace
        # writes most flag words from their lowest bit.
        kept, seen = [], set()
        for n, v in fam.entries:
            if v not in seen:
                seen.add(v)
                kept.append((n, v))
        # Names listed in ORDER come first, in that order: strace's
        # order, where it is not the order of the values.
        rank = {n: i for i, n in enumerate(fam.order)}
        fam.entries = sorted(kept, key=lambda e: (rank.get(e[0], len(rank)),
                                                  e[1]))


def emit_header(fams, out):
    w = out.write
    w('/* Generated by scripts/gen-consts.py: do not edit. */\n')
    w('#ifndef SW_DECODE_FAMILIES_H\n#define SW_DECODE_FAMILIES_H\n\n')
    w('/* Families of named constants (prototypes/constants.txt). */\n')
    w('enum xlat_family {\n')
    for f in fams:
        w('\tXF_%s,\n' % f.name.upper())
    w('\tXF_COUNT,\n};\n\n')
    w('#define XLAT_FAMILY_FLAGS { %s }\n\n' % ', '.join(
        'true' if f.kind == 'flags' else 'false' for f in fams))
    w('#define XLAT_FAMILY_NAMES { %s }\n\n' % ', '.join(
        '"%s"' % f.name for f in fams))
    w('#endif\n')


def emit(abi, fams, out):
    w = out.write
    w('/* Generated by scripts/gen-consts.py for %s: do not edit. */\n'
      % abi)
    w('#include "decode/xlat.h"\n\n')
    for f in fams:
        if not f.entries:
            continue
        w('static const struct xlat_entry xf_%s[] = {\n' % f.name)
        for n, v in f.entries:
            w('\t{ %#xULL, "%s" },\n' % (v, n))
        w('};\n\n')
    w('const struct xlat xlat_%s[XF_COUNT] = {\n' % abi)
    for f in fams:
        if f.entries:
            w('\t[XF_%s] = { xf_%s, %d },\n' % (f.name.upper(), f.name,
                                              len(f.entries)))
    w('};\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--header', action='store_true')
    ap.add_argument('abi', nargs='?')
    ap.add_argument('spec')
    ap.add_argument('-o', '--output', required=True)
    argv = sys.argv[1:]
    cc = []
    if '--' in argv:
        cc = argv[argv.index('--') + 1:]
        argv = argv[:argv.index('--')]
    opts = ap.parse_args(argv)
    if opts.header:
        opts.spec = opts.spec or opts.abi
    fams = parse_spec(opts.spec)
    if opts.header:
        with open(opts.output, 'w') as out:
            emit_header(fams, out)
        return 0
    if not cc:
        ap.error('no compiler after --')
    extract(cc, fams)
    with open(opts.output, 'w') as out:
        emit(opts.abi, fams, out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
