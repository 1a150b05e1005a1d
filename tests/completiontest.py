#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Drives syswarden's bash completion as bash would: COMP_WORDS and
COMP_CWORD set, the completion function called, COMPREPLY checked.

Usage: completiontest.py SYSWARDEN COMPLETION PLUGIN_DIR
Exit status: 0 good, 1 not, 77 no bash.
"""
import re
import shutil
import subprocess
import sys

DRIVER = r'''
source "$COMPLETION" || exit 2
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_syswarden "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
'''

# (words after the command, what COMPREPLY must hold, what it must not)
CASES = [
	(['--summary-s'], ['--summary-sort-by='], ['--summary-only']),
	(['-e', 'trace=openat,clo'], ['trace=openat,close'], []),
	(['-e', 'trace=ope'], ['trace=openat', 'trace=openat2'], ['trace=read']),
	# COMP_WORDBREAKS has split "trace=ope" into three words
	(['-e', 'trace', '=', 'ope'], ['openat'], ['trace=openat']),
	(['--trace', '=', 'open,clo'], ['open,close'], []),
	(['--trace=%fi'], ['--trace=%file'], []),
	(['-e', "trace=!wri"], ['trace=!write', 'trace=!writev'], []),
	(['-e', 'st'], ['status=', 'statfs'], []),
	(['-e', 'quiet=att'], ['quiet=attach'], []),
	(['--plugin', 'file_m'], ['file_monitor'], []),
	(['--plugin=exec'], ['--plugin=exec_monitor'], []),
	(['-c', '-S', 'ca'], ['calls'], []),
	(['-c', '-U', 'name,er'], ['name,errors'], []),
	(['--timestamps=unix,m'], ['--timestamps=unix,ms'], []),
	(['--syscall-times=n'], ['--syscall-times=ns'], []),
	(['--seccomp=o'], ['--seccomp=on', '--seccomp=off'], []),
	(['--', 'tru'], ['true'], []),
	# past the command, its arguments: not syswarden's options
	(['-f', 'ls', '--summ'], [], ['--summary']),
]


def complete(syswarden, completion, plugin_dir, words):
	env = {'PATH': '/usr/bin:/bin', 'COMPLETION': completion,
	       'SYSWARDEN_PLUGIN_PATH': plugin_dir}
	p = subprocess.run(['bash', '-c', DRIVER, 'bash', syswarden] + words,
			   env=env, capture_output=True, text=True)
	if p.returncode:
		sys.exit('bash failed: %s' % p.stderr)
	return set(p.stdout.split('\n')) - {''}


def main():
	syswarden, completion, plugin_dir = sys.argv[1:4]
	if not shutil.which('bash'):
		print('SKIP: no bash')
		return 77
	bad = 0
	for words, want, unwanted in CASES:
		got = complete(syswarden, completion, plugin_dir, words)
		if not set(want) <= got or set(unwanted) & got:
			print('FAIL %s: want %s, not %s; got %s' % (
				words, want, unwanted, sorted(got)[:12]))
			bad = 1
	# "-" offers every long option --help lists.
	help_text = subprocess.run([syswarden, '--help'], capture_output=True,
				   text=True).stdout
	longs = set(re.findall(r'(?<![\w-])--[a-z][a-z0-9-]*', help_text))
	offered = {w.rstrip('=') for w in complete(
		syswarden, completion, plugin_dir, ['-'])}
	if longs - offered:
		print('FAIL: options --help lists but "-<TAB>" does not offer: '
		      '%s' % sorted(longs - offered))
		bad = 1
	print('%d cases, %d long options: %s' % (len(CASES), len(longs),
						 'FAIL' if bad else 'ok'))
	return bad


if __name__ == '__main__':
	sys.exit(main())
