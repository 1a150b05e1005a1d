#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Emit the C syscall table of one ABI from prototypes/*.tbl.

Usage: gen-sysent.py ABI ABI.tbl supplement.tbl -o OUT.c

The .tbl grammar is described in prototypes/README.md; the emitted
structures are those of include/syswarden/sysent.h.
"""

import argparse
import re
import sys

ABIS = {
    'x86_64': ('SW_ABI_X86_64', 'AUDIT_ARCH_X86_64', 8),
    'i386': ('SW_ABI_I386', 'AUDIT_ARCH_I386', 4),
    'arm64': ('SW_ABI_ARM64', 'AUDIT_ARCH_AARCH64', 8),
    'arm': ('SW_ABI_ARM', 'AUDIT_ARCH_ARM', 4),
}

CLASS_BITS = {
    'file': 'SW_CLASS_FILE',
    'process': 'SW_CLASS_PROCESS',
    'network': 'SW_CLASS_NETWORK',
    'signal': 'SW_CLASS_SIGNAL',
    'desc': 'SW_CLASS_DESC',
    'memory': 'SW_CLASS_MEMORY',
    'ipc': 'SW_CLASS_IPC',
}

# Unsigned-looking names of signed kernel types are listed here; any
# integer type not listed is unsigned.
SIGNED_TYPES = {
    'int', 'long', 'long long', 'short', 'signed char', 's8', 's16', 's32',
    's64', '__s8', '__s16', '__s32', '__s64', 'pid_t', 'off_t', 'loff_t',
    'ssize_t', 'clockid_t', 'timer_t', 'key_serial_t', 'time_t',
    'old_time32_t', '__kernel_old_time_t', 'compat_int_t', 'compat_long_t',
    'compat_pid_t', 'compat_off_t', 'compat_ssize_t', 'compat_time_t',
    'compat_clock_t', 'compat_s64', 'mqd_t', 'key_t', 'compat_key_t',
    '__kernel_loff_t',
}

PATH_NAMES = {
    'filename', 'pathname', 'path', 'oldname', 'newname', 'specialfile',
    'library', 'from_pathname', 'to_pathname', 'new_root', 'put_old',
    'special', 'dev_name', 'dir_name',
}

FD_NAME = re.compile(r'^(\w*fd|fd_?(in|out)|fd[0-9]|fildes|mqdes)$')
FD_TYPE = re.compile(r'^((unsigned )?(int|long|unsigned)|'
                     r'compat_(ulong|long|uint|int)_t|mqd_t)$')
LEN_NAME = re.compile(r'^(\w*_)?(count|len|size|nbytes|bufsiz|buflen|'
                      r'length|usize|sz|n)$|^(count|len|size)\w*$')
# Addresses the kernel declares as plain unsigned long (mmap's addr, brk).
ADDR_NAME = re.compile(r'^(addr|start|brk|new_addr|shmaddr|newsp|tls)$')
ADDR_TYPE = re.compile(r'^(unsigned long|compat_ulong_t|u32|compat_uptr_t)$')
FLAGS_NAME = re.compile(r'^(\w*_)?(flags?|mode|prot)$|^\w*flg$')

# Byte buffers the kernel reads although its prototype drops "const".
INPUT_BUFFERS = {
    ('sendto', 'buff'), ('send', 'buff'), ('sethostname', 'name'),
    ('setdomainname', 'name'), ('init_module', 'umod'),
}


# What the emitted C may hold: names are identifiers, types C's words,
# spaces and stars (no quotes, escapes or control characters).
IDENT = re.compile(r'^[A-Za-z_]\w*$')
CTYPE = re.compile(r'^[A-Za-z_][\w *]*$')


class Arg:
    def __init__(self, text):
        m = re.match(r'^(.*?)\s*(\w+)(\{(\d+)(,(\d+))?\})?$', text)
        if not m or not CTYPE.match(m.group(1).strip()):
            raise ValueError('bad argument %r' % text)
        self.type = m.group(1).strip()
        self.name = m.group(2)
        self.slots = None
        if m.group(3):
            self.slots = [int(m.group(4))]
            if m.group(6):
                self.slots.append(int(m.group(6)))


class Call:
    pass


def parse_nr(text, where):
    try:
        nr = int(text, 0)
    except ValueError:
        nr = -1
    if not 0 <= nr <= 0xffffffff:
        sys.exit('%s: syscall number %r is not a number from 0 to '
                 '0xffffffff' % (where, text))
    return nr


def parse_tbl(path):
    calls = []
    with open(path, 'rb') as f:
        for lineno, raw in enumerate(f, 1):
            try:
                line = raw.decode('utf-8').rstrip('\r\n')
            except UnicodeDecodeError:
                sys.exit('%s:%d: not UTF-8 text' % (path, lineno))
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            fields = line.split('\t')
            if len(fields) not in (6, 7):
                sys.exit('%s:%d: expected 6 or 7 tab-separated fields'
                         % (path, lineno))
            c = Call()
            c.where = '%s:%d' % (path, lineno)
            c.nr = parse_nr(fields[0], c.where)
            c.rettype, c.name, c.entry = fields[1], fields[2], fields[3]
            if not CTYPE.match(c.rettype):
                sys.exit('%s: bad return type %r' % (c.where, c.rettype))
            if not IDENT.match(c.name):
                sys.exit('%s: name %r is not a C identifier'
                         % (c.where, c.name))
            if c.entry != '-' and not IDENT.match(c.entry):
                sys.exit('%s: entry %r is not a C identifier (or -)'
                         % (c.where, c.entry))
            argtext = fields[4]
            if not (argtext.startswith('(') and argtext.endswith(')')):
                sys.exit('%s: argument list must be in parentheses' % c.where)
            argtext = argtext[1:-1].strip()
            c.unknown = argtext == '?'
            c.args = []
            if argtext and not c.unknown:
                try:
                    c.args = [Arg(a) for a in
                              re.split(r',\s*(?![^{]*\})', argtext)]
                except ValueError as e:
                    sys.exit('%s: %s' % (c.where, e))
            c.classes = [] if fields[5] == '-' else fields[5].split(',')
            for cl in c.classes:
                if cl not in CLASS_BITS:
                    sys.exit('%s: unknown class %r' % (c.where, cl))
            c.abis = None
            if len(fields) == 7:
                if not fields[6].startswith('abis='):
                    sys.exit('%s: 7th field must be abis=...' % c.where)
                c.abis = fields[6][5:].split(',')
            calls.append(c)
    return calls


def base_type(t):
    t = re.sub(r'\b(const|volatile|__user)\b', ' ', t)
    return re.sub(r'\s+', ' ', t).strip()


def assign_slots(c):
    nxt = 0
    for a in c.args:
        if a.slots is None:
            a.slots = [nxt]
        nxt = a.slots[-1] + 1
    c.nregs = nxt


def classify(c, i):
    """Return (class, len_arg, flags) for argument @i of @c."""
    a = c.args[i]
    t = a.type
    if len(a.slots) == 2:
        return 'SW_ARG_PAIR64', -1, 0
    if '*' in t:
        bt = base_type(t.replace('*', ' * '))
        levels = t.count('*')
        is_const = t.startswith('const ')
        nxt = c.args[i + 1] if i + 1 < len(c.args) else None
        if levels == 1 and bt in ('char *', 'void *'):
            if (nxt is not None and '*' not in nxt.type
                    and LEN_NAME.match(nxt.name)):
                if is_const or (c.name, a.name) in INPUT_BUFFERS:
                    return 'SW_ARG_BUFFER', i + 1, 0
                return 'SW_ARG_BUFFER', -1, 1
            if bt == 'char *' and (is_const or a.name in PATH_NAMES):
                return 'SW_ARG_STRING', -1, 0
            return 'SW_ARG_POINTER', -1, 0
        if levels == 1 and re.match(r'^(struct|union) ', bt):
            return 'SW_ARG_STRUCT', -1, 0
        return 'SW_ARG_POINTER', -1, 0
    bt = base_type(t)
    if FD_TYPE.match(bt) and FD_NAME.match(a.name):
        return 'SW_ARG_FD', -1, 0
    if ADDR_TYPE.match(bt) and ADDR_NAME.match(a.name):
        return 'SW_ARG_POINTER', -1, 0
    if FLAGS_NAME.match(a.name) or bt == 'umode_t':
        return 'SW_ARG_FLAGS', -1, 0
    if bt in ('compat_uptr_t',):
        return 'SW_ARG_POINTER', -1, 0
    if bt in SIGNED_TYPES or bt.startswith('enum '):
        return 'SW_ARG_SIGNED', -1, 0
    return 'SW_ARG_UNSIGNED', -1, 0


def cstr(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def emit(abi, calls, out):
    enum, audit, wordsize = ABIS[abi]
    ident = 'sw_sysent_' + abi
    w = out.write
    w('/* Generated by scripts/gen-sysent.py for %s: do not edit. */\n' % abi)
    w('#include <linux/audit.h>\n\n#include <syswarden/sysent.h>\n\n')
    for c in calls:
        if not c.args:
            continue
        w('static const struct sw_arg args_%u[] = {\n' % c.nr)
        for i, a in enumerate(c.args):
            cls, len_arg, flags = classify(c, i)
            w('\t{ .name = %s, .type = %s, .cls = %s, .reg = %d, '
              '.len_arg = %d, .flags = %s },\n'
              % (cstr(a.name), cstr(a.type), cls, a.slots[0], len_arg,
                 'SW_ARGF_OUT' if flags else '0'))
        w('};\n\n')
    w('static const struct sw_syscall calls[] = {\n')
    for c in calls:
        bits = ' | '.join(CLASS_BITS[x] for x in c.classes) or '0'
        entry = c.entry if c.entry != '-' else 'sys_ni_syscall'
        args = 'args_%u' % c.nr if c.args else 'NULL'
        w('\t{ .name = %s, .entry = %s, .nr = %#x, .nargs = %d, '
          '.nregs = %d, .classes = %s, .rettype = %s, .args = %s },\n'
          % (cstr(c.name), cstr(entry), c.nr, len(c.args), c.nregs,
             bits, cstr(c.rettype), args))
    w('};\n\n')
    w('const struct sw_sysent_table %s = {\n' % ident)
    w('\t.abi = %s,\n\t.name = %s,\n\t.audit_arch = %s,\n'
      '\t.wordsize = %d,\n\t.calls = calls,\n'
      '\t.ncalls = sizeof(calls) / sizeof(calls[0]),\n'
      % (enum, cstr(abi), audit, wordsize))
    w('};\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('abi', choices=sorted(ABIS))
    ap.add_argument('table')
    ap.add_argument('supplement')
    ap.add_argument('-o', '--output', required=True)
    opts = ap.parse_args()

    calls = parse_tbl(opts.table)
    bynr = {c.nr: c for c in calls}
    if len(bynr) != len(calls):
        sys.exit('%s: duplicate syscall numbers' % opts.table)
    for c in parse_tbl(opts.supplement):
        if c.abis is not None and opts.abi not in c.abis:
            continue
        old = bynr.get(c.nr)
        if old is not None:
            # A table generated from a newer kernel already has it.
            if old.name != c.name:
                sys.exit('%s: %d is %s in %s' % (c.where, c.nr, old.name,
                                                 old.where))
            continue
        bynr[c.nr] = c
    calls = sorted(bynr.values(), key=lambda c: c.nr)
    names = {}
    for c in calls:
        if c.name in names:
            sys.exit('%s: %s also at %s' % (c.where, c.name, names[c.name]))
        names[c.name] = c.where
        if c.unknown:
            print('%s: %s: no prototype, emitted without arguments'
                  % (c.where, c.name), file=sys.stderr)
        assign_slots(c)
        if c.nregs > 6 or len(c.args) > 6:
            sys.exit('%s: %s uses %d registers' % (c.where, c.name, c.nregs))
        if ABIS[opts.abi][2] == 8 and any(len(a.slots) > 1 for a in c.args):
            sys.exit('%s: register pair on a 64-bit ABI' % c.where)
    with open(opts.output, 'w') as out:
        emit(opts.abi, calls, out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
