#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes syswarden's bash completion from its template: @SYSCALLS@
becomes every syscall name of the prototype tables, @PLUGIN_DIR@ the
installed plugin directory.

Usage: gen-completion.py TEMPLATE OUTPUT PLUGIN_DIR TABLE...
"""
import sys


def names(tables):
	out = set()
	for path in tables:
		for line in open(path):
			if line.startswith('#') or not line.strip():
				continue
			out.add(line.split('\t')[2])
	return sorted(out)


def main():
	template, output, plugin_dir = sys.argv[1:4]
	text = open(template).read()
	text = text.replace('@SYSCALLS@', ' '.join(names(sys.argv[4:])))
	text = text.replace('@PLUGIN_DIR@', plugin_dir)
	with open(output, 'w') as f:
		f.write(text)


if __name__ == '__main__':
	main()
