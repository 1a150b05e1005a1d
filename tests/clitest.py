#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""syswarden's command line against strace 6.1's, case by case.

Usage: clitest.py --syswarden PATH --cases FILE [--allcalls PATH]
                  [--allcalls32 PATH] [NAME...]

Each case of FILE (see tests/clitest-cases.txt) runs one strace
invocation and the same one under syswarden, on the same deterministic
program in difftest.py's fixture, and checks, by its kind:
  trace    the exit statuses are equal and the traces, written with
           -o LOG, are equal under difftest.py's comparison
  output   the exit statuses and the runs' stdout are equal (-o '|cmd')
  names    the sets of syscall names traced are equal (classes)
  dump     the exit statuses and the hex dumps (" | " lines) are equal
  exit     the exit statuses are equal
  times    as trace, and the lines' timestamps (-t, -r) and durations
           (-T) have the same shapes, digit for digit
  summary  the exit statuses are equal, and so are the -c tables'
           headers, and the calls and errors of each syscall (with -S
           calls, errors, name or nothing, the rows' order too)
  refuse   syswarden exits 1 with the expected message, and without
           the usage text; strace itself accepts the option
  error    syswarden exits 1 with the expected message, and without
           the usage text; strace refuses the options too
Exit status: 0 all passed, 1 some failed, 77 strace missing (or every
case chosen needs the -m32 helper, and there is none).
"""

import argparse
import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difftest  # noqa: E402

# The fixture is made afresh for each run; its text is the same each time.
difftest.lcg_words = functools.lru_cache(maxsize=None)(difftest.lcg_words)

CALL = re.compile(r'^(?:\[pid\s+\d+\] |\d+ +)?([a-z_0-9]+)\(')


def load_cases(path):
	cases = []
	for n, line in enumerate(open(path), 1):
		line = line.strip()
		if not line or line.startswith('#'):
			continue
		# ' | ' separates fields; '|cmd' in an option does not.
		f = [x.strip() for x in re.split(r'\s\|\s', line, 3)]
		if len(f) != 4:
			sys.exit('%s:%d: expected KIND | NAME | OPTIONS | '
				 'PROGRAM-OR-MESSAGE' % (path, n))
		cases.append(f)
	return cases


class Skip(Exception):
	pass


def program(spec, args):
	if spec == 'allcalls':
		return [args.allcalls]
	if spec == 'allcalls32':
		if not args.allcalls32:
			raise Skip('no -m32 build of the allcalls helper')
		return [args.allcalls32]
	if spec.startswith('helper:'):
		words = shlex.split(spec[7:])
		path = os.path.abspath(os.path.join(args.helpers or '',
						    words[0]))
		if not args.helpers or not os.access(path, os.X_OK):
			raise Skip('no helper %s (--helpers)' % words[0])
		return [path] + words[1:]
	if spec.startswith('cmd:'):
		return shlex.split(spec[4:])
	return difftest.load_program(args.programs, spec)


def run(argv, base, timeout=60, fixture=True):
	"""argv in a fresh fixture; returns (status, stdout, stderr)."""
	work = difftest.make_fixture(base) if fixture else base
	env = dict(difftest.FIXED_ENV)
	env['HOME'] = os.path.join(base, 'home')
	env['PWD'] = work
	env['TMPDIR'] = os.path.join(base, 'home')
	try:
		p = subprocess.run(argv, cwd=work, env=env, timeout=timeout,
				   stdin=subprocess.DEVNULL,
				   capture_output=True,
				   preexec_fn=difftest.no_aslr)
	except subprocess.TimeoutExpired:
		return 'timeout', b'', b''
	return p.returncode, p.stdout, p.stderr


def names(path):
	"""The syscall names in a log, but syscall_0x...: strace 6.1 prints
	every number it has no name for, whatever the trace set."""
	with open(path, errors='replace') as f:
		return {m.group(1) for m in map(CALL.match, f)
			if m and not m.group(1).startswith('syscall_')}


def same_traces(loga, logb):
	"""difftest.py's comparison.  When the trace set leaves out clone,
	tasks cannot be matched by their place in the process tree: then
	each task's sequence is compared, as a multiset of sequences."""
	for log in (loga, logb):
		# -b execve ends an execve "<detached ...>"; difftest.py
		# reads it as the "<unfinished ...>" it also is.
		with open(log, errors='replace') as f:
			text = f.read().replace(' <detached ...>',
						' <unfinished ...>')
		with open(log, 'w') as f:
			f.write(text)
	tra = difftest.parse_log(loga, 'strace')
	trb = difftest.parse_log(logb, 'syswarden')
	errs = tra.errors + trb.errors
	if not errs or not all('several tasks' in m for _, m in errs):
		return difftest.compare(tra, trb)
	tra.errors, trb.errors = [], []
	mt = difftest.multi_threaded_tasks(tra) | \
		difftest.multi_threaded_tasks(trb)
	seqs = []
	for tr in (tra, trb):
		norm = difftest.normalise(tr, mt)[0]
		seqs.append(sorted(tuple(e[0] for e in v[1])
				   for v in norm.values()))
	if seqs[0] != seqs[1]:
		print('per-task sequences differ:\n  strace: %s\n  '
		      'syswarden: %s' % (seqs[0], seqs[1]))
	return seqs[0] == seqs[1]


def shapes(path):
	"""The shapes of a log's timestamps and durations, digits as 9s:
	{"99:99:99.999999 (+     9.999999) ", " <9.999999>", ...}."""
	out = set()
	with open(path, errors='replace') as f:
		for line in f:
			line = line.rstrip('\n')
			m = difftest.PREFIX_RE.match(line)
			body = line[m.end():] if m else line
			stamp = difftest.STAMP_RE.match(body).group(0)
			out.add(re.sub(r'\d', '9', stamp))
			m = difftest.DURATION_RE.search(line)
			out.add(re.sub(r'\d', '9', m.group(0)) if m else '')
	return out


def summary_table(path):
	"""A -c table: (header, [(name, calls, errors)]), its cells cut by
	the dashes under the header; None when the log has no table."""
	with open(path, errors='replace') as f:
		lines = f.read().split('\n')
	rules = [i for i, x in enumerate(lines) if re.fullmatch(r'[- ]*-', x)]
	if len(rules) < 2 or rules[0] == 0:
		return None
	head, first, last = lines[rules[0] - 1], rules[0], rules[1]
	spans = [m.span() for m in re.finditer(r'-+', lines[first])]
	cells = lambda x: [x[a:b if k + 1 < len(spans) else None].strip()
			   for k, (a, b) in enumerate(spans)]
	names = cells(head)
	rows = []
	for x in lines[first + 1:last] + [lines[last + 1]]:
		c = dict(zip(names, cells(x)))
		rows.append((c.get('syscall'), c.get('calls'),
			     c.get('errors')))
	return head, rows


def without_varying(table):
	"""Rows whose counts vary from run to run are left out, and the
	total without them: how many SIGCHLDs a shell gets (they coalesce,
	see difftest.py's ASYNC_SIGNALS; each handler ends in an
	rt_sigreturn), and glibc's mkstemp drawing its random value again
	with getrandom in a few percent of runs (difftest.py's
	TEMPNAME_GETRANDOM_RE; git does it, one run in ten)."""
	head, rows = table
	varying = [r for r in rows if r[0] in difftest.SIGRETURN_SYSCALLS or
		   r[0] == 'getrandom']
	n = sum(int(r[1]) for r in varying)
	rows = [r if r[0] != 'total' or not r[1].isdigit()
		else (r[0], str(int(r[1]) - n), r[2])
		for r in rows if r not in varying]
	return head, rows


def same_summaries(opts, loga, logb):
	"""None, or how the -c tables of two logs differ."""
	ta, tb = summary_table(loga), summary_table(logb)
	if ta is None or tb is None:
		return 'no summary table: strace %s, syswarden %s' % (
			ta is not None, tb is not None)
	ta, tb = without_varying(ta), without_varying(tb)
	if ta[0] != tb[0]:
		return 'headers differ: %r, %r' % (ta[0], tb[0])
	m = re.search(r'-S\s*(\S+)', opts)
	if not (m and m.group(1) in ('calls', 'errors', 'name', 'nothing')):
		ta, tb = (ta[0], sorted(ta[1])), (tb[0], sorted(tb[1]))
	if ta[1] != tb[1]:
		return 'rows differ:\n  strace:    %s\n  syswarden: %s' % (
			sorted(set(ta[1]) - set(tb[1])),
			sorted(set(tb[1]) - set(ta[1])))
	return None


def result_column(words):
	"""The column of ' = ' that -a/--columns in @words asks for."""
	col = 40
	for i, w in enumerate(words):
		if w == '-a' and i + 1 < len(words):
			col = int(words[i + 1])
		elif w.startswith('--columns='):
			col = int(w.split('=', 1)[1])
		elif w.startswith('-a') and w[2:].isdigit():
			col = int(w[2:])
	return col


def misaligned(log, col):
	"""Lines of @log whose '= result' is not where strace puts it: at
	column @col, or one space after the call when that is further."""
	bad = []
	with open(log, errors='replace') as f:
		for line in f:
			m = None
			for m in re.finditer(r'\)( +)= ', line):
				pass
			if m and m.end(1) != max(col, m.start(1) + 1):
				bad.append(line.rstrip('\n'))
	return bad


def strace_names(args, base, cmd):
	"""Every name strace prints for an allcalls helper."""
	log = os.path.join(base, 'all.log')
	run([args.strace, '-o', log, '--'] + cmd, base)
	return names(log)


FRAME = re.compile(r' > (.*?)(?:\((.*)\))? \[(0x[0-9a-f]+)\]')


def frames(path):
	"""The -k frames of a log as (file, offset in it): syswarden names
	some functions better than strace (static ones, from .symtab or
	debug files), but both must find the same frames."""
	with open(path, errors='replace') as f:
		return [(m.group(1), m.group(3)) for m in map(FRAME.match, f)
			if m]


def check(kind, opts, spec, args, base):
	"""Returns None when the case passes, else what went wrong."""
	words = shlex.split(opts)
	if kind in ('refuse', 'error'):
		st, out, err = run([args.syswarden] + words + ['--', 'true'],
				   base, fixture=False)
		err = err.decode(errors='replace')
		if st != 1 or spec not in err or 'Usage:' in err:
			return 'status %s, stderr %r' % (st, err)
		st, out, err = run([args.strace] + words + ['--', 'true'],
				   base, fixture=False)
		if kind == 'error' and st == 0:
			return 'strace accepts it: %r' % err
		if kind == 'refuse' and (b'invalid' in err or b'Usage' in err):
			return 'strace refuses it too: %r' % err
		return None
	cmd = program(spec, args)
	logs = [os.path.join(base, x) for x in ('strace.log', 'sw.log')]
	res = []
	for tracer, log in zip((args.strace, args.syswarden), logs):
		extra = ['-o', log] \
			if kind in ('trace', 'lines', 'names', 'dump',
				    'times', 'summary', 'stack') else []
		if tracer == args.syswarden and kind == 'names':
			# The helper's own filter fails every call with ERRNO,
			# which outranks a RET_TRACE filter of ours.
			extra.append('--seccomp=off')
		res.append(run([tracer] + words + extra + ['--'] + cmd, base))
	if res[0][0] != res[1][0]:
		return 'exit status %s under strace, %s under syswarden' % (
			res[0][0], res[1][0])
	if kind == 'output' and res[0][1] != res[1][1]:
		return 'stdout %r under strace, %r under syswarden' % (
			res[0][1], res[1][1])
	if kind == 'names':
		# Only the names strace 6.1 has: it prints newer calls
		# (fchmodat2...) as numbers, syswarden by name.
		known = strace_names(args, base, cmd)
		a, b = names(logs[0]), names(logs[1]) & known
		if a != b:
			return 'only strace: %s; only syswarden: %s' % (
				sorted(a - b), sorted(b - a))
	if kind == 'dump':
		dumps = []
		for log in logs:
			with open(log, errors='replace') as f:
				dumps.append([x for x in f if x.startswith(' | ')])
		if not dumps[0] or dumps[0] != dumps[1]:
			return 'hex dumps differ: %d lines under strace, %d ' \
				'under syswarden' % (len(dumps[0]), len(dumps[1]))
	if kind == 'summary':
		return same_summaries(opts, logs[0], logs[1])
	if kind == 'times' and shapes(logs[0]) != shapes(logs[1]):
		return 'timestamps differ: strace %s, syswarden %s' % (
			sorted(shapes(logs[0])), sorted(shapes(logs[1])))
	if kind == 'stack':
		fr = [frames(log) for log in logs]
		if not fr[0] or fr[0] != fr[1]:
			return 'frames differ: %d under strace, %d under ' \
				'syswarden, first difference %s' % (
					len(fr[0]), len(fr[1]), next(
					    (p for p in zip(*fr) if p[0] != p[1]),
					    None))
	if kind in ('trace', 'lines', 'times') and \
	   not same_traces(logs[0], logs[1]):
		return 'traces differ (report above)'
	if kind == 'lines':
		# Display options: whole lines, as the decoding issue's
		# difftest measures them.
		tra = difftest.parse_log(logs[0], 'strace')
		trb = difftest.parse_log(logs[1], 'syswarden')
		pct = difftest.line_match(tra, trb, show=5)
		if pct < 97.0:
			return 'only %.1f%% of the lines equal strace\'s' % pct
		# Whitespace is normalised above; the result column is
		# checked here, by strace's rule, on strace's log first.
		col = result_column(words)
		for who, log in zip(('strace', 'syswarden'), logs):
			bad = misaligned(log, col)
			if bad:
				return '%s: result not at column %d: %r' % (
					who, col, bad[0])
	return None


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument('--syswarden', required=True)
	ap.add_argument('--strace', default='strace')
	ap.add_argument('--cases', required=True)
	ap.add_argument('--programs', default=os.path.join(
		os.path.dirname(os.path.abspath(__file__)),
		'difftest-programs.txt'))
	ap.add_argument('--allcalls')
	ap.add_argument('--allcalls32')
	ap.add_argument('--helpers', help='the test helpers\' directory')
	ap.add_argument('only', nargs='*')
	args = ap.parse_args()
	if not shutil.which(args.strace):
		print('SKIP: strace not found')
		return 77
	args.syswarden = os.path.abspath(args.syswarden)
	for a in ('allcalls', 'allcalls32'):
		if getattr(args, a):
			setattr(args, a, os.path.abspath(getattr(args, a)))
	failed = ran = skipped = 0
	for kind, name, opts, spec in load_cases(args.cases):
		if args.only and name not in args.only:
			continue
		ran += 1
		base = tempfile.mkdtemp(prefix='swclitest-')
		try:
			why = check(kind, opts, spec, args, base)
		except Skip as e:
			print('SKIP %s: %s: %s' % (kind, name, e))
			skipped += 1
			continue
		finally:
			shutil.rmtree(base, ignore_errors=True)
		print('%s %s: %s %s' % ('ok  ' if why is None else 'FAIL',
					kind, name, '' if why is None else why))
		failed += why is not None
	print('%d of %d failed' % (failed, ran))
	if not ran:
		print('no case named %s' % ' '.join(args.only))
	if ran and skipped == ran:
		return 77
	return 1 if failed or not ran else 0


if __name__ == '__main__':
	sys.exit(main())
