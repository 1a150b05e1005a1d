#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the README's "Syscall budgets in your tests" examples as written.

Each of the meson, CMake and pytest blocks is put in a scratch directory
beside a prog.c and run with its own tool, syswarden first on PATH: with
a prog that opens /dev/null 3 times it must pass, with one that opens it
30 times (over the budget of 20) it must fail.  Exits 77 when a tool is
missing, saying which.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROG = r'''#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void)
{
	for (int i = 0; i < %d; i++) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0) {
			perror("open");
			return 1;
		}
		close(fd);
	}
	return 0;
}
'''


def blocks():
    text = open(os.path.join(TOP, 'README.md')).read()
    start = text.index('## Syscall budgets in your tests')
    end = text.index('\n## ', start + 1)
    found = dict(re.findall(r'```(meson|cmake|python)\n(.*?)```',
                            text[start:end], re.S))
    for lang in ('meson', 'cmake', 'python'):
        if lang not in found:
            sys.exit('README: no ```%s block in its budgets section' % lang)
    return found


def run(cmd, cwd, env):
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


def meson_case(code, d, env):
    open(os.path.join(d, 'meson.build'), 'w').write(code)
    rc, out = run(['meson', 'setup', 'b'], d, env)
    if rc:
        return rc, out
    return run(['meson', 'test', '-C', 'b', '--print-errorlogs'], d, env)


def cmake_case(code, d, env):
    open(os.path.join(d, 'CMakeLists.txt'), 'w').write(code)
    for cmd in (['cmake', '-S', '.', '-B', 'b'], ['cmake', '--build', 'b']):
        rc, out = run(cmd, d, env)
        if rc:
            return rc, out
    return run(['ctest', '--test-dir', 'b', '--output-on-failure'], d, env)


def pytest_case(code, d, env):
    open(os.path.join(d, 'test_budget.py'), 'w').write(code)
    rc, out = run(['cc', '-o', 'prog', 'prog.c'], d, env)
    if rc:
        return rc, out
    return run([pytest_python(), '-m', 'pytest', '-q', '-p',
                'no:cacheprovider', 'test_budget.py'], d, env)


def pytest_python():
    """A Python with pytest: ours, or Debian's (python3-pytest)."""
    for py in (sys.executable, '/usr/bin/python3'):
        if os.path.exists(py) and subprocess.run(
                [py, '-c', 'import pytest'],
                stderr=subprocess.DEVNULL).returncode == 0:
            return py
    return None


def main():
    missing = [t for t in ('meson', 'ninja', 'cmake', 'ctest', 'cc')
               if not shutil.which(t)]
    if not pytest_python():
        missing.append('pytest (python3-pytest)')
    if missing:
        print('SKIP: missing ' + ', '.join(missing))
        return 77
    code = blocks()
    bindir = tempfile.mkdtemp(prefix='sw-readme-bin-')
    os.symlink(os.environ['SYSWARDEN'], os.path.join(bindir, 'syswarden'))
    env = dict(os.environ, PATH=bindir + ':' + os.environ['PATH'])
    # meson test's LD_LIBRARY_PATH would make prog's loader try a dozen
    # directories for libc, each an openat, as a user's run does not.
    env.pop('LD_LIBRARY_PATH', None)
    cases = (('meson', meson_case), ('cmake', cmake_case),
             ('python', pytest_case))
    bad = 0
    for opens, want_pass in ((3, True), (30, False)):
        for lang, fn in cases:
            d = tempfile.mkdtemp(prefix='sw-readme-%s-' % lang)
            open(os.path.join(d, 'prog.c'), 'w').write(PROG % opens)
            rc, out = fn(code[lang], d, env)
            ok = (rc == 0) == want_pass
            print('%s: %s with %d opens: %s' % (
                'ok' if ok else 'FAIL', lang, opens,
                'passed' if rc == 0 else 'failed (exit %d)' % rc))
            if not ok:
                print(out)
                bad += 1
            shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(bindir, ignore_errors=True)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
