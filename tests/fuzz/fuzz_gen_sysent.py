#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Fuzz scripts/gen-sysent.py, the only reader of prototypes/*.tbl.

Mutates tables built from the committed corpus and lines of the real
tables, runs the generator's main() on them in-process, and fails on any
outcome but two: C emitted, or sys.exit() with a message that names the
table at fault.  A sample of the emitted C is compiled (cc -fsyntax-only)
to check that "emitted" means valid C.  Replays tests/fuzz/regress/
gen_sysent/ first.

A case file is an ABI table, then optionally a line "#--- supplement"
and a supplement table; a first line "#--- abi=NAME" picks the ABI.
"""

import argparse
import contextlib
import hashlib
import importlib.util
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
NAME = 'gen_sysent'
SUPP_MARK = '#--- supplement\n'

TOKENS = [
    '', '-', '0', '0x1d5', '-1', '017', '99999999999999999999', '1e3',
    '()', '(?)', '(void)', '(int fd)', '(int a{7})', '(u32 lo{1,2})',
    '(int a{0}, int b{0})', '(int a{5}, int b)', '(loff_t pos{4,5})',
    '(const char __user *filename, size_t count)', '(int)', '(,)',
    '(' + ', '.join('int a%d' % i for i in range(7)) + ')',
    'file', 'file,desc', 'bogus', 'file,,desc', 'abis=', 'abis=x86_64',
    'abis=arm,i386', 'abis', 'x"y', 'a\\b', '\x00', '\udcff', 'sys_read',
    'read', 'long', 'struct stat __user *', '{', '}', '{1,}', '\t', ' ',
    '\r', '\x0c', '*/', '??/',
]


def load_generator():
    path = os.path.join(ROOT, 'scripts', 'gen-sysent.py')
    spec = importlib.util.spec_from_file_location('gen_sysent', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def split_case(text):
    abi = None
    if text.startswith('#--- abi='):
        first, _, text = text.partition('\n')
        abi = first[len('#--- abi='):]
    table, _, supp = text.partition(SUPP_MARK)
    return abi, table, supp


def join_case(abi, table, supp):
    return '#--- abi=%s\n%s%s%s' % (abi, table, SUPP_MARK, supp)


def write_bytes(path, text):
    # surrogateescape keeps non-UTF-8 bytes as bytes in the file
    with open(path, 'wb') as f:
        f.write(text.encode('utf-8', 'surrogateescape'))


class Outcome(Exception):
    pass


def run_case(gen, abi, table, supp, tmp, compile_it):
    """Returns ('ok', '') or ('refused', message); raises Outcome with a
    report for anything else."""
    tpath = os.path.join(tmp, 'abi.tbl')
    spath = os.path.join(tmp, 'supplement.tbl')
    out = os.path.join(tmp, 'out.c')
    write_bytes(tpath, table)
    write_bytes(spath, supp)
    if os.path.exists(out):
        os.unlink(out)
    saved = sys.argv
    sys.argv = ['gen-sysent.py', abi, tpath, spath, '-o', out]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            r = gen.main()
    except SystemExit as e:
        r = e.code
    except Exception:
        raise Outcome('traceback:\n' + traceback.format_exc())
    finally:
        sys.argv = saved
    if r in (None, 0):
        if compile_it:
            check_c(out)
        return 'ok', ''
    if not isinstance(r, str) or not r.strip():
        raise Outcome('exit status %r with no message' % (r,))
    if tpath not in r and spath not in r:
        raise Outcome('message does not name the table: %r' % r)
    return 'refused', r.replace(tpath, 'T').replace(spath, 'S')


def check_c(path):
    p = subprocess.run(['cc', '-fsyntax-only', '-Werror', '-I',
                        os.path.join(ROOT, 'include'), '-x', 'c', path],
                       capture_output=True, text=True)
    if p.returncode:
        raise Outcome('emitted C that does not compile:\n' +
                      p.stderr[-2000:])


def mutate_line(rng, line):
    fields = line.split('\t')
    op = rng.randrange(6)
    if op == 0:
        fields[rng.randrange(len(fields))] = rng.choice(TOKENS)
    elif op == 1:
        fields.append(rng.choice(TOKENS))
    elif op == 2 and len(fields) > 1:
        del fields[rng.randrange(len(fields))]
    elif op == 3:
        i = rng.randrange(len(fields))
        s = fields[i]
        k = rng.randrange(len(s) + 1)
        fields[i] = s[:k] + rng.choice(TOKENS) + s[k:]
    elif op == 4:
        i = rng.randrange(len(fields))
        s = fields[i]
        if s:
            k = rng.randrange(len(s))
            fields[i] = s[:k] + s[k + rng.randint(1, 4):]
    else:
        i = rng.randrange(len(fields))
        s = fields[i]
        k = rng.randrange(len(s) + 1)
        fields[i] = s[:k] + chr(rng.choice([0, 9, 0x7f, 0x22, 0x5c, 0xe9,
                                            0xdcff, rng.randrange(32, 127)])
                                ) + s[k:]
    return '\t'.join(fields)


def mutate_table(rng, text, real_lines):
    lines = text.split('\n')
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 or not lines:
            lines.insert(rng.randrange(len(lines) + 1),
                         rng.choice(real_lines))
        elif op == 1:
            i = rng.randrange(len(lines))
            lines[i] = mutate_line(rng, lines[i])
        elif op == 2:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif op == 3:
            del lines[rng.randrange(len(lines))]
        else:
            i = rng.randrange(len(lines))
            lines[i] = lines[i].replace('\t', ' ', 1)
    return '\n'.join(lines)


def real_table_lines():
    lines = []
    for f in sorted(os.listdir(os.path.join(ROOT, 'prototypes'))):
        if f.endswith('.tbl'):
            with open(os.path.join(ROOT, 'prototypes', f)) as fp:
                lines += [l.rstrip('\n') for l in fp
                          if l.strip() and not l.startswith('#')]
    return lines


def read_dir(d):
    if not os.path.isdir(d):
        return []
    out = []
    for f in sorted(os.listdir(d)):
        with open(os.path.join(d, f), 'rb') as fp:
            out.append((f, fp.read().decode('utf-8', 'surrogateescape')))
    return out


def shape(msg):
    """A refusal's message without its numbers and quoted parts."""
    return re.sub(r"'[^']*'|\d+", '_', msg)[:80]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--time', type=float, default=60)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--artifacts', default=tempfile.gettempdir())
    ap.add_argument('--merge', action='store_true',
                    help='add inputs with a new outcome to the corpus')
    opts = ap.parse_args()
    gen = load_generator()
    abis = sorted(gen.ABIS)
    corpus_dir = os.path.join(HERE, 'corpus', NAME)
    corpus = [split_case(t) for _, t in read_dir(corpus_dir)]
    real = real_table_lines()
    seed = opts.seed if opts.seed is not None else int(time.time())
    rng = random.Random(seed)
    seen = set()
    runs = ok = 0
    case = None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for name, text in read_dir(os.path.join(HERE, 'regress', NAME)):
                case = text
                abi, table, supp = split_case(text)
                run_case(gen, abi or 'x86_64', table, supp, tmp, True)
            end = time.monotonic() + opts.time
            while time.monotonic() < end:
                abi, table, supp = rng.choice(corpus)
                abi = abi if abi and rng.random() < 0.7 else rng.choice(abis)
                if rng.random() < 0.8:
                    table = mutate_table(rng, table, real)
                if rng.random() < 0.4:
                    supp = mutate_table(rng, supp, real)
                case = join_case(abi, table, supp)
                kind, msg = run_case(gen, abi, table, supp, tmp,
                                     rng.random() < 0.1)
                runs += 1
                ok += kind == 'ok'
                key = (kind, shape(msg))
                if key not in seen:
                    seen.add(key)
                    if opts.merge:
                        h = hashlib.sha1(case.encode(
                            'utf-8', 'surrogateescape')).hexdigest()[:16]
                        write_bytes(os.path.join(corpus_dir, h), case)
        except Outcome as e:
            art = os.path.join(opts.artifacts, NAME + '-crash')
            write_bytes(art, case)
            print(e)
            print('fuzz: %s: FAILED (seed %d); input: %s' % (NAME, seed, art))
            return 1
    print('fuzz: %s: ok, %d inputs in %g s (%d emitted C, %d outcomes, '
          'seed %d)' % (NAME, runs, opts.time, ok, len(seen), seed))
    return 0


if __name__ == '__main__':
    sys.exit(main())
