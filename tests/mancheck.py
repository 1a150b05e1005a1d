#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The man page against --help: every option that "syswarden --help"
names is in the man page, and the man page has the sections a man page
owes its reader.

Usage: mancheck.py SYSWARDEN MANPAGE
Exit status: 0 good, 1 not, 77 no man page (scdoc was not found).
"""
import os
import re
import subprocess
import sys

# An option as --help and the man page spell it: "-e", "-tt", "--trace".
OPTION_RE = re.compile(r'(?<![\w/.-])--?[A-Za-z][A-Za-z0-9-]*')
SECTIONS = ('NAME', 'SYNOPSIS', 'DESCRIPTION', 'OPTIONS', 'THE -e GRAMMAR',
	    'EXIT STATUS', 'ENVIRONMENT', 'EXAMPLES', 'SEE ALSO')


def man_text(path):
	"""The page's text, its roff escapes and fonts taken out."""
	text = open(path).read()
	text = re.sub(r'\\f[BIRP]', '', text)
	text = text.replace('\\-', '-').replace('\\e', '\\')
	return text


def main():
	syswarden, page = sys.argv[1:3]
	if not os.path.exists(page):
		print('SKIP: no man page %s: scdoc is not installed' % page)
		return 77
	help_text = subprocess.run([syswarden, '--help'], check=True,
				   capture_output=True, text=True).stdout
	wanted = set(OPTION_RE.findall(help_text))
	text = man_text(page)
	have = set(OPTION_RE.findall(text))
	missing = sorted(wanted - have)
	bad = 0
	if missing:
		print('options --help lists that the man page lacks: %s'
		      % ' '.join(missing))
		bad = 1
	for s in SECTIONS:
		if not re.search(r'^\.SH "?%s"?$' % re.escape(s), text, re.M):
			print('the man page has no %s section' % s)
			bad = 1
	print('%d options of --help checked, %d missing' % (len(wanted),
							     len(missing)))
	return bad


if __name__ == '__main__':
	sys.exit(main())
