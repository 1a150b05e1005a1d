#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Differential test: trace one command under strace and under syswarden.

Both logs are parsed with the strace line grammar and compared per task
(per thread id): each task's sequence of (syscall name, return value),
plus its signal and exit lines, must be equal.  Tasks are matched between
the runs by their place in the process tree (the n-th task created by the
matched parent), never by their numeric tid.  With --lines PCT, whole
lines are compared too, after the normalisations listed at
line_match(), and at least PCT percent of syswarden's must equal
strace's.

Exit status: 0 equal, 1 different (or unparsable log), 77 skipped
(strace, syswarden or the program under test is missing), 2 usage error.

Usage:
  difftest.py [--syswarden PATH] [options] -- CMD [ARGS...]
  difftest.py [options] --list FILE --program NAME
  difftest.py --reference-only [options] -- CMD [ARGS...]
  difftest.py --compare-logs A B

Every command runs in a fresh work directory with fixed contents (see
make_fixture()) and a fixed environment (see FIXED_ENV), so that both
runs see the same inputs.
"""

import argparse
import ctypes
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

EXIT_OK = 0
EXIT_DIFF = 1
EXIT_USAGE = 2
EXIT_SKIP = 77

# The tracee's environment is replaced, not inherited: a locale, a time
# zone, a hash seed and a home directory that are the same in both runs.
FIXED_ENV = {
	'PATH': '/usr/bin:/bin',
	'LC_ALL': 'C',
	'LANG': 'C',
	'TZ': 'UTC',
	'PYTHONHASHSEED': '0',
	# Without this, the first run may write a .pyc that the second
	# run then reads: different syscalls for the same command.
	'PYTHONDONTWRITEBYTECODE': '1',
	'GIT_CONFIG_NOSYSTEM': '1',
	'GIT_AUTHOR_NAME': 'difftest',
	'GIT_AUTHOR_EMAIL': 'difftest@example.invalid',
	'GIT_AUTHOR_DATE': '2023-01-01T00:00:00Z',
	'GIT_COMMITTER_NAME': 'difftest',
	'GIT_COMMITTER_EMAIL': 'difftest@example.invalid',
	'GIT_COMMITTER_DATE': '2023-01-01T00:00:00Z',
	# coreutils take their default thread count from nproc, which
	# honours this; it keeps sort's behaviour independent of the host.
	'OMP_NUM_THREADS': '2',
}

# Every file of the fixture gets this mtime (2023-01-01 00:00:00 UTC), so
# that `ls -l` output, tar headers and git's racy-index checks do not
# depend on when the test runs.
FIXTURE_MTIME = 1672531200

ADDR_NO_RANDOMIZE = 0x0040000

# strace 6.1 flags.  -f follows forks and threads; with -o, every line
# then carries a "PID " prefix.  -q drops the attach/detach messages but,
# unlike -qq, keeps the "+++ exited with N +++" lines, which we compare.
STRACE_FLAGS = ['-f', '-q']

# ---------------------------------------------------------------------
# Normalisations.  Keep this list short; each entry says why it is
# legitimate.  Anything not listed is compared exactly.
# ---------------------------------------------------------------------

# Syscalls whose return value is an address.  Addresses differ between
# runs (ASLR is off, but a different tracer may still leave a different
# environment block on the stack), so such values become per-task
# ordinals: the first distinct address a task sees is A1, the next A2...
# A repeated address stays the same ordinal, so a wrong value (say, a
# stale or truncated one) still shows.
ADDR_SYSCALLS = frozenset(['mmap', 'mmap2', 'mremap', 'brk', 'shmat'])

# Syscalls that return a task id.  Their value is replaced by the
# symbolic name of that task (T, T.1, T.1.2...) when it is a task of the
# run, and by "ext-pid" otherwise (e.g. getppid() of the first task
# returns the tracer's own pid, which necessarily differs).
PID_SYSCALLS = frozenset([
	'clone', 'clone3', 'fork', 'vfork',
	'getpid', 'gettid', 'getppid', 'getpgid', 'getpgrp', 'getsid',
	'setsid', 'set_tid_address', 'wait4', 'waitpid',
])

# SysV IPC ids are the kernel's, and differ between two runs: the calls
# that return one have it replaced by its ordinal in the run (I1, I2...),
# and the calls that take one as their first argument have it shown as
# ID in whole lines.
IPC_GET_SYSCALLS = frozenset(['semget', 'msgget', 'shmget'])
IPC_ID_SYSCALLS = frozenset([
	'semctl', 'semop', 'semtimedop', 'msgsnd', 'msgrcv', 'msgctl',
	'shmat', 'shmctl',
])
IPC_ID_RE = re.compile(r'^(\w+)\(\d+,')
IPC_RET_RE = re.compile(r'^(\w+)\(.*\) = (\d+)$')

# rt_sigreturn "returns" whatever rax held when the signal arrived: the
# result of the syscall it interrupted (e.g. wait4's child pid), or
# arbitrary user-space register contents.  We map it like a pid when it
# is one, and otherwise compare it only when it equals the previous
# syscall's result (shown as "=prev"); any other value is "reg".
SIGRETURN_SYSCALLS = frozenset(['rt_sigreturn', 'sigreturn'])

# futex in a multi-threaded process: whether a lock or a join has to
# sleep, and whether a wake finds anyone to wake, is a matter of timing.
# In thread groups with more than one task, futex calls are dropped from
# the sequences (and counted, so the report still shows them).  In a
# single-threaded process futex is compared like any other syscall.
MT_TIMING_SYSCALLS = frozenset(['futex'])

# SIGCHLD arrives when a child exits, which races with what the parent
# is doing (a shell may be forking the next pipeline stage, or already
# waiting), and, being a standard signal, two exits close together are
# delivered as one SIGCHLD.  So neither the position nor the number of
# deliveries is compared, only whether the task got that signal at all:
# the "--- SIGCHLD ---" lines become one "--- SIGCHLD --- (delivered)"
# at the end of the task's sequence, and with each goes the
# rt_sigreturn that directly follows it (the handler ran no syscall)
# and a call directly before it that the kernel restarts ("= ?
# ERESTART*", which the program never sees).  A handler that makes
# syscalls, or a call failing with EINTR, is still compared in place.
ASYNC_SIGNALS = frozenset(['SIGCHLD'])

# A shell waiting for a pipeline calls wait4(-1, ...) once per member and
# reaps them in the order they happen to exit ("a | b | head" may see
# head exit first).  So a run of consecutive successful wait4 calls in
# one task is compared as a set: the run is sorted.  The values are
# still compared, and so is everything around the run.
REAP_SYSCALLS = frozenset(['wait4', 'waitpid'])

# glibc's mkstemp()/mkdtemp() (misc/tempname.c) take their first random
# value from the clock; when it lands in the range rejected for
# fairness (a few percent of runs) they draw again with
# getrandom(&v, 8, GRND_NONBLOCK).  So such a getrandom directly before
# the call that tries the temporary name is optional (seen with git
# init and git add, about one run in ten).  Only that exact shape is
# dropped: 8 bytes, GRND_NONBLOCK, returning 8, followed in the same
# task by one of these calls.
TEMPNAME_TRY_SYSCALLS = frozenset(['openat', 'open', 'mkdir', 'mkdirat',
				   'newfstatat', 'lstat'])
TEMPNAME_GETRANDOM_RE = re.compile(
	r'getrandom\(.*, 8, (?:GRND_NONBLOCK|0x1|1)\)\s*= 8$')


def die_usage(msg):
	print('difftest: ' + msg, file=sys.stderr)
	sys.exit(EXIT_USAGE)


def skip(msg):
	print('difftest: SKIP: ' + msg)
	return EXIT_SKIP


# ---------------------------------------------------------------------
# Parser for the strace line grammar
# ---------------------------------------------------------------------

class ParseError(Exception):
	pass


# "[pid 123] " (strace to stderr, syswarden) or "123 " (strace -f -o);
# a pid has at most 7 digits (pid_max 4194304), a -ttt time 10.
PREFIX_RE = re.compile(r'^(?:\[pid\s+(\d+)\]\s|(\d{1,7})\s+)')
# After it, -t/-tt/-ttt's time ("18:17:51.733940 ", "1795717071 "),
# -r's time since the previous line ("(+     0.000149) " after -t's,
# "     0.000149 " alone), dropped before parsing.
STAMP_RE = re.compile(r'^(?:\d\d:\d\d:\d\d(?:\.\d+)? |\s*\d+(?:\.\d+)? )?'
		      r'(?:\(\+\s*\d+(?:\.\d+)?\) )?')
# At the end of a call's line, -T's time spent in it: " <0.000012>".
DURATION_RE = re.compile(r' <\d+(?:\.\d+)?>$')
# "[ 257] " after it: the syscall number, with -n.
NUMBER_RE = re.compile(r'^\[\s*\d+\] ')
NAME = r'(?:[A-Za-z_][A-Za-z0-9_]*|\?+)'
SIGNAL_RE = re.compile(r'^--- (?:(SIG[A-Z0-9+-]+|\d+) .*|stopped by (\S+)) ---$')
EXIT_RE = re.compile(r'^\+\+\+ (?:exited with (-?\d+)|killed by (\S+)'
		     r'( \(core dumped\))?|superseded by execve in pid (\d+))'
		     r' \+\+\+$')
RESUMED_RE = re.compile(r'^<\.\.\. (' + NAME + r') resumed>(.*)$')
CALL_RE = re.compile(r'^(' + NAME + r')\((.*)$')
UNFINISHED_SUFFIX = '<unfinished ...>'
# The return value proper, matched against the tail that follows the
# last plausible ") = ".  The padding before "=" varies.
RET_RE = re.compile(
	r'^(?:'
	r'(?P<num>-?\d+|0x[0-9a-fA-F]+)(?:<.*>)?'	# -y: "3</path>"
	r'(?: (?P<err>E[A-Z0-9]+))?'
	r'|-1 \(errno (?P<errnum>\d+)\)'
	r'|\?(?: (?P<rerr>E[A-Z0-9_]+))?'
	r')(?: \(.*\))?(?: <.*>)?$')
RET_SEP_RE = re.compile(r'\)\s*= ')


def split_return(text):
	"""Split 'args) = RET ...' into (args, ret), trying the rightmost
	') = ' first so that a string argument containing ') = ' is not
	mistaken for the return value.  Returns None when there is no
	return value."""
	seps = list(RET_SEP_RE.finditer(text))
	for m in reversed(seps):
		tail = text[m.end():]
		rm = RET_RE.match(tail)
		if rm:
			return text[:m.start()], parse_ret(rm)
	return None


def parse_ret(rm):
	"""A return value as a comparable tuple."""
	if rm.group('errnum'):
		return ('err', 'errno' + rm.group('errnum'))
	num = rm.group('num')
	if num is None:
		if rm.group('rerr'):
			# "= ? ERESTARTSYS (...)": interrupted, to be restarted.
			return ('restart', rm.group('rerr'))
		return ('noret',)
	if rm.group('err'):
		return ('err', rm.group('err'))
	if re.fullmatch(r'-?0[0-7]+', num):
		# strace prints umask()'s result in octal ("= 022").
		val = int(num, 8)
	else:
		val = int(num, 0)
	return ('val', val)


class Event:
	__slots__ = ('kind', 'name', 'ret', 'line', 'lineno')

	def __init__(self, kind, name, ret, line, lineno):
		self.kind = kind	# 'call', 'signal', 'exit'
		self.name = name
		self.ret = ret		# tuple, or None while unfinished
		self.line = line
		self.lineno = lineno


class Trace:
	"""One parsed log: per-task event lists and the process tree."""

	def __init__(self, label):
		self.label = label
		self.events = {}	# tid -> [Event]
		self.order = []		# tids in order of first appearance
		self.errors = []	# (lineno, message)
		self.children = {}	# tid -> [child tid] in creation order
		self.parent = {}	# child tid -> parent tid
		self.tgid = {}		# tid -> thread-group leader tid
		self.root = None
		self.lines = []
		self.by_lineno = {}	# lineno -> Event

	def task(self, tid):
		if tid not in self.events:
			self.events[tid] = []
			self.order.append(tid)
		return self.events[tid]


ROOT_UNKNOWN = -1


def parse_log(path, label):
	with open(path, errors='replace') as f:
		lines = f.read().split('\n')
	if lines and lines[-1] == '':
		lines.pop()
	tr = Trace(label)
	tr.lines = lines

	# Pass 1: which pids appear in prefixes, and which are clone
	# children.  The one prefixed pid that no clone returned is the
	# first task; unprefixed lines (syswarden prints no prefix while
	# only one task is traced) are attributed with its help.
	prefixed = []
	created = set()
	for line in lines:
		m = PREFIX_RE.match(line)
		body = line
		if m:
			pid = int(m.group(1) or m.group(2))
			if pid not in prefixed:
				prefixed.append(pid)
			body = line[m.end():]
		body = STAMP_RE.sub('', body, count=1)
		body = NUMBER_RE.sub('', body, count=1)
		cm = CALL_RE.match(body) or RESUMED_RE.match(body)
		if cm and cm.group(1) in ('clone', 'clone3', 'fork', 'vfork'):
			r = split_return(body)
			if r and r[1][0] == 'val' and r[1][1] > 0:
				created.add(r[1][1])
	roots = [p for p in prefixed if p not in created]
	if len(roots) > 1:
		tr.errors.append((0, 'several tasks not created by any traced '
				 'clone/fork: %s' % roots))
	root = roots[0] if roots else ROOT_UNKNOWN
	tr.root = root

	# Pass 2: events.
	live = [root]
	pending = {}		# tid -> Event awaiting its "resumed" line
	for lineno, line in enumerate(lines, 1):
		if not line.strip():
			continue
		m = PREFIX_RE.match(line)
		if m:
			tid = int(m.group(1) or m.group(2))
			body = line[m.end():]
		else:
			body = line
			if len(live) == 1:
				tid = live[0]
			else:
				tr.errors.append((lineno, 'line without a pid '
						 'prefix while %d tasks are traced'
						 % len(live)))
				tid = root
		if tid not in live and tid not in tr.events:
			live.append(tid)
		body = STAMP_RE.sub('', body, count=1)
		body = NUMBER_RE.sub('', body, count=1)
		try:
			parse_body(tr, tid, body, line, lineno, pending, live)
		except ParseError as e:
			tr.errors.append((lineno, '%s: %s' % (e, line)))
		if tr.events.get(tid) and tr.events[tid][-1].lineno == lineno:
			tr.by_lineno[lineno] = tr.events[tid][-1]
	for tid, ev in pending.items():
		ev.ret = ('unfinished',)
	if root == ROOT_UNKNOWN and root in tr.events:
		adopt_root_tid(tr)
	build_tree(tr)
	return tr


def parse_body(tr, tid, body, line, lineno, pending, live):
	evs = tr.task(tid)

	m = SIGNAL_RE.match(body)
	if m:
		sig = m.group(1) or 'stopped ' + m.group(2)
		evs.append(Event('signal', sig, None, line, lineno))
		return

	m = EXIT_RE.match(body)
	if m:
		if m.group(1) is not None:
			what = 'exited %s' % m.group(1)
		elif m.group(2):
			what = 'killed %s%s' % (m.group(2),
						' core' if m.group(3) else '')
		else:
			what = 'superseded'
		ev = pending.pop(tid, None)
		if ev is not None:
			ev.ret = ('unfinished',)
		evs.append(Event('exit', what, None, line, lineno))
		if tid in live:
			live.remove(tid)
		return

	m = RESUMED_RE.match(body)
	if m:
		name, rest = m.group(1), m.group(2)
		ev = pending.pop(tid, None)
		if ev is None:
			raise ParseError('"%s resumed" without an unfinished call'
					 % name)
		if ev.name != name:
			raise ParseError('"%s resumed" but the unfinished call '
					 'was %s' % (name, ev.name))
		r = split_return(rest)
		if r is None:
			raise ParseError('no return value')
		ev.ret = r[1]
		ev.line = ev.line[:-len(UNFINISHED_SUFFIX)] + rest
		return

	m = CALL_RE.match(body)
	if m:
		name, rest = m.group(1), m.group(2)
		prev = pending.pop(tid, None)
		if prev is not None:
			# A new call while one is pending: the earlier call
			# never returned to user space.
			prev.ret = ('unfinished',)
		if rest.endswith(UNFINISHED_SUFFIX):
			ev = Event('call', name, None, line, lineno)
			pending[tid] = ev
			evs.append(ev)
			return
		r = split_return(rest)
		if r is None:
			raise ParseError('no return value')
		evs.append(Event('call', name, r[1], line, lineno))
		return

	raise ParseError('unrecognised line')


def adopt_root_tid(tr):
	"""The first task never had a pid prefix (syswarden omits it while
	only one task is traced).  Learn its tid from the first call that
	returns the caller's own tid, so that this value is recognised as a
	task of the run like in the prefixed strace log.  Should the
	tracer print a wrong value there, later getpid()/gettid() results
	will no longer match it and the difference still shows."""
	for ev in tr.events[ROOT_UNKNOWN]:
		if (ev.kind == 'call' and ev.name in ('set_tid_address',
						      'gettid') and
		    ev.ret and ev.ret[0] == 'val' and ev.ret[1] > 0):
			tid = ev.ret[1]
			if tid in tr.events:
				tr.errors.append((ev.lineno, 'unprefixed first '
						 'task claims tid %d, which '
						 'other lines use' % tid))
				return
			tr.events[tid] = tr.events.pop(ROOT_UNKNOWN)
			tr.order[tr.order.index(ROOT_UNKNOWN)] = tid
			tr.root = tid
			return


def build_tree(tr):
	"""Children of each task, in the order the parent's clone/fork
	calls returned them, and the thread-group of each task."""
	for tid in tr.order:
		for ev in tr.events[tid]:
			if (ev.kind == 'call' and ev.name in
			    ('clone', 'clone3', 'fork', 'vfork') and ev.ret and
			    ev.ret[0] == 'val' and ev.ret[1] > 0):
				child = ev.ret[1]
				tr.children.setdefault(tid, []).append(child)
				tr.parent[child] = tid
				if is_thread_clone(ev.line):
					tr.tgid[child] = tid
	for tid in tr.order:
		t = tid
		seen = set()
		while t in tr.tgid and t not in seen:
			seen.add(t)
			t = tr.tgid[t]
		tr.tgid[tid] = t


def is_thread_clone(line):
	# Both tracers name the flags; a number is still understood
	# (CLONE_THREAD is 0x10000).
	m = re.search(r'flags=([^,)]*)', line)
	if not m:
		return False
	flags = m.group(1)
	if 'CLONE_THREAD' in flags:
		return True
	try:
		val = 0
		for part in flags.split('|'):
			part = part.strip()
			if re.fullmatch(r'0x[0-9a-fA-F]+|\d+', part):
				val |= int(part, 0)
		return bool(val & 0x10000)
	except ValueError:
		return False


# ---------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------

def symbolic_names(tr):
	"""tid -> 'T', 'T.1', 'T.1.2'...: the path of creation indices from
	the first task.  Tasks outside the tree get 'orphan#n'."""
	names = {}
	if tr.root != ROOT_UNKNOWN or tr.order:
		root = tr.root if tr.root != ROOT_UNKNOWN else tr.order[0]
		stack = [(root, 'T')]
		while stack:
			tid, name = stack.pop()
			if tid in names:
				continue
			names[tid] = name
			for i, child in enumerate(tr.children.get(tid, []), 1):
				stack.append((child, '%s.%d' % (name, i)))
	n = 0
	for tid in tr.order:
		if tid not in names:
			n += 1
			names[tid] = 'orphan#%d' % n
	return names


def fmt_ret(ret):
	if ret is None:
		return '<no return>'
	if ret[0] == 'val':
		return str(ret[1])
	if ret[0] == 'err':
		return '-1 ' + ret[1]
	if ret[0] == 'restart':
		return '? ' + ret[1]
	if ret[0] == 'noret':
		return '?'
	if ret[0] == 'unfinished':
		return '<unfinished>'
	return ' '.join(str(x) for x in ret[1:])


def is_tempname_getrandom(evs, k):
	"""See TEMPNAME_TRY_SYSCALLS."""
	ev = evs[k]
	if ev.kind != 'call' or ev.name != 'getrandom' or \
	   ev.ret != ('val', 8) or k + 1 >= len(evs):
		return False
	nxt = evs[k + 1]
	if nxt.kind != 'call' or nxt.name not in TEMPNAME_TRY_SYSCALLS:
		return False
	return TEMPNAME_GETRANDOM_RE.search(ev.line) is not None


def sort_reap_runs(seq):
	"""Sort each run of consecutive successful reaps (REAP_SYSCALLS
	returning a task of the run), see REAP_SYSCALLS."""
	def is_reap(item):
		name, _, ret = item[0].partition(' = ')
		return name in REAP_SYSCALLS and ret.startswith('T')
	out = []
	i = 0
	while i < len(seq):
		j = i
		while j < len(seq) and is_reap(seq[j]):
			j += 1
		if j > i:
			out.extend(sorted(seq[i:j]))
			i = j
		else:
			out.append(seq[i])
			i += 1
	return out


def multi_threaded_tasks(tr):
	"""Symbolic names of the tasks whose thread group has more than one
	task.  Only strace decodes clone3's flags, so callers take the
	union over both runs."""
	names = symbolic_names(tr)
	size = {}
	for tid in tr.order:
		g = tr.tgid.get(tid, tid)
		size[g] = size.get(g, 0) + 1
	return set(names[tid] for tid in tr.order
		   if size[tr.tgid.get(tid, tid)] > 1)


def normalise(tr, mt_tasks):
	"""symbolic task name -> (tid, [(normalised event, log line
	number)]), plus a
	dict of per-task dropped-futex counts.  mt_tasks: the symbolic
	names of tasks in multi-threaded processes."""
	names = symbolic_names(tr)
	out = {}
	dropped = {}
	for tid in tr.order:
		sym = names[tid]
		multi = sym in mt_tasks
		addrs, ipc_ids = {}, {}
		seq = []
		async_sigs = []
		sigret_owed = 0
		prev_ret = None
		evs = tr.events[tid]
		for k, ev in enumerate(evs):
			if is_tempname_getrandom(evs, k):
				dropped[sym + ' getrandom'] = \
					dropped.get(sym + ' getrandom', 0) + 1
				continue
			if ev.kind == 'signal':
				if ev.name in ASYNC_SIGNALS:
					if seq and seq[-1][2] == 'restart':
						seq.pop()
					text = '--- %s --- (delivered)' % ev.name
					if text not in [x[0] for x in async_sigs]:
						async_sigs.append((text, ev.lineno))
					sigret_owed += 1
				else:
					seq.append(('--- %s ---' % ev.name,
						    ev.lineno, None))
				continue
			if ev.kind == 'exit':
				seq.append(('+++ %s +++' % ev.name, ev.lineno,
					    None))
				continue
			if ev.name in SIGRETURN_SYSCALLS and sigret_owed:
				sigret_owed -= 1
				continue
			sigret_owed = 0
			if multi and ev.name in MT_TIMING_SYSCALLS:
				key = sym + ' futex'
				dropped[key] = dropped.get(key, 0) + 1
				continue
			ret = ev.ret
			if ret is not None and ret[0] == 'val':
				v = ret[1]
				if ev.name in ADDR_SYSCALLS:
					if v not in addrs:
						addrs[v] = 'A%d' % (len(addrs) + 1)
					r = addrs[v]
				elif ev.name in PID_SYSCALLS and v > 0:
					r = names.get(v, 'ext-pid')
				elif ev.name in IPC_GET_SYSCALLS:
					if v not in ipc_ids:
						ipc_ids[v] = 'I%d' % (
						    len(ipc_ids) + 1)
					r = ipc_ids[v]
				elif ev.name in SIGRETURN_SYSCALLS:
					if prev_ret is not None and \
					   prev_ret[0] == 'val' and \
					   prev_ret[1] == v:
						r = '=prev'
					elif v > 0 and v in names:
						r = names[v]
					else:
						r = 'reg'
				else:
					r = str(v)
			else:
				r = fmt_ret(ret)
			seq.append(('%s = %s' % (ev.name, r), ev.lineno,
				    ret[0] if ret else None))
			prev_ret = ret
		seq = sort_reap_runs([x[:2] for x in seq]) + async_sigs
		out[sym] = (tid, seq)
	return out, dropped


# ---------------------------------------------------------------------
# Comparison and report
# ---------------------------------------------------------------------

def sort_key(sym):
	if sym.startswith('orphan'):
		return (1, sym)
	return (0, [int(x) for x in sym.split('.')[1:]])


def compare(tra, trb, context=3, out=sys.stdout):
	"""Print a report; return True when the traces are equal."""
	ok = True
	for tr in (tra, trb):
		for lineno, msg in tr.errors:
			print('%s:%d: parse error: %s' % (tr.label, lineno, msg),
			      file=out)
			ok = False
	mt = multi_threaded_tasks(tra) | multi_threaded_tasks(trb)
	na, da = normalise(tra, mt)
	nb, db = normalise(trb, mt)
	for sym in sorted(set(na) | set(nb), key=sort_key):
		if sym not in nb:
			print('task %s (tid %d) only in %s (%d events)' %
			      (sym, na[sym][0], tra.label, len(na[sym][1])),
			      file=out)
			ok = False
			continue
		if sym not in na:
			print('task %s (tid %d) only in %s (%d events)' %
			      (sym, nb[sym][0], trb.label, len(nb[sym][1])),
			      file=out)
			ok = False
			continue
		ea, eb = na[sym][1], nb[sym][1]
		sa, sb = [x[0] for x in ea], [x[0] for x in eb]
		if sa == sb:
			continue
		ok = False
		# The first region that differs, with the log lines behind
		# it, so that the report can be checked against the logs.
		op = next(o for o in difflib.SequenceMatcher(
			None, sa, sb, autojunk=False).get_opcodes()
			  if o[0] != 'equal')
		print('task %s: first difference at event %d (%s) / %d (%s)'
		      % (sym, op[1] + 1, tra.label, op[3] + 1, trb.label),
		      file=out)
		for label, tr, ev, lo, hi in ((tra.label, tra, ea, op[1], op[2]),
					      (trb.label, trb, eb, op[3], op[4])):
			for i in range(lo, min(hi, lo + 5)):
				print('  %s line %d: %s' % (label, ev[i][1],
							   tr.lines[ev[i][1] - 1]),
				      file=out)
			if hi - lo > 5:
				print('  %s: ... %d more' % (label, hi - lo - 5),
				      file=out)
		for line in difflib.unified_diff(
				sa, sb, n=context, lineterm='',
				fromfile='%s %s (tid %d)' % (tra.label, sym,
							    na[sym][0]),
				tofile='%s %s (tid %d)' % (trb.label, sym,
							  nb[sym][0])):
			print(line, file=out)
	for label, d in ((tra.label, da), (trb.label, db)):
		if d:
			print('note: %s: calls not compared (futex in '
			      'multi-threaded tasks, tempname getrandom): %s'
			      % (label, ', '.join(
				      '%s:%d' % kv for kv in sorted(
					      d.items(),
					      key=lambda kv: sort_key(
						      kv[0].split()[0])))),
			      file=out)
	return ok


# ---------------------------------------------------------------------
# Whole lines (--lines): how many of one log's lines are identical to the
# other's, per task, after these normalisations of what legitimately
# differs between two runs of the same program:
# - the pid prefix and the padding before " = " (strace aligns results);
# - a call split by another task's line ("<unfinished ...>", "<...
#   resumed>") is joined, and the blanks at the join collapsed;
# - addresses (hex of 7 digits or more): stack, heap and mapping
#   addresses move with the tracer's own environment block;
# - task ids of the run become their symbolic names (T, T.1...) in the
#   calls that take or return one and in signal lines; other task ids
#   are left: a wrong pid still shows;
# - times (tv_sec, tv_nsec, tv_usec, si_utime, si_stime, st_*time,
#   ru_*time), inode and device numbers, free blocks (fstatfs), sysinfo's
#   figures, getrandom's random bytes and mkstemp's random names.
# Checked strace against strace (--reference-only --lines).
# ---------------------------------------------------------------------

ADDR_RE = re.compile(r'\b0x[0-9a-fA-F]{7,}\b')
# Calls that take a task id; only their lines, the signal lines (si_pid)
# and clone3's (parent_tid) have task ids replaced: a file size that
# happens to equal a task id stays a number.
PID_ARG_SYSCALLS = frozenset([
	'kill', 'tkill', 'tgkill', 'waitid', 'setpgid', 'prlimit64',
	'sched_getaffinity', 'sched_setaffinity', 'sched_getparam',
	'sched_getscheduler', 'pidfd_open', 'ptrace', 'rt_sigqueueinfo',
	'rt_tgsigqueueinfo', 'clone3',
])
# A task id returned that is no task of the run (getppid() of the first
# task is the tracer), as normalise() does.
PID_RET_RE = re.compile(r'^(\w+)\(.*\) = (\d+)$')
NUM_RE = re.compile(r'(?<![\w.])\d+(?![\w.])')
TIME_RE = re.compile(r'\b(tv_sec|tv_nsec|tv_usec|si_utime|si_stime|'
		     r'st_[amc]time(?:_nsec)?|ru_[us]time|st_ino|d_ino|'
		     r'stx_ino|st_dev|stx_[amcb]time|f_bfree|f_bavail|f_ffree)=(?:\{[^}]*\}|[^,}]+)')
# sysinfo's figures (uptime, free memory, load) change by the second.
SYSINFO_RE = re.compile(r'^sysinfo\(\{.*\}\)')
# mkstemp()'s random six characters, in the templates the programs of
# the list use (git's .git/tXXXXXX and tmp_obj_XXXXXX).
MKSTEMP_RE = re.compile(r'(/t|tmp_obj_)[A-Za-z0-9]{6}\b')
GETRANDOM_RE = re.compile(r'^getrandom\("(?:[^"\\]|\\.)*"(?:\.\.\.)?')
# -y: a pipe's or socket's inode number differs from run to run.
INODE_RE = re.compile(r'<(pipe|socket):\[\d+\]>')


def norm_line(line, names):
	m = PREFIX_RE.match(line)
	if m:
		line = line[m.end():]
	line = DURATION_RE.sub('', STAMP_RE.sub('', line, count=1))
	m = NUMBER_RE.match(line)
	nr = m.group(0) if m else ''	# -n: kept, and the rest normalised
	line = line[len(nr):]
	line = line.replace('<unfinished ...>', '')
	line = re.sub(r'\s+', ' ', line)
	line = line.replace('( ', '(').replace(' ,', ',').replace(' )', ')')
	line = re.sub(r'\)\s*= ', ') = ', line)
	line = GETRANDOM_RE.sub('getrandom(RANDOM', line)
	line = SYSINFO_RE.sub('sysinfo({...})', line)
	line = MKSTEMP_RE.sub(r'\1XXXXXX', line)
	line = ADDR_RE.sub('ADDR', line)
	line = TIME_RE.sub(lambda m: m.group(1) + '=N', line)
	line = INODE_RE.sub(r'<\1:[N]>', line)
	name = line.split('(', 1)[0]
	if (name in PID_SYSCALLS or name in PID_ARG_SYSCALLS or
	    line.startswith('---') or 'parent_tid=[' in line):
		line = NUM_RE.sub(lambda m: names.get(int(m.group(0)),
						      m.group(0)), line)
	m = PID_RET_RE.match(line)
	if m and m.group(1) in PID_SYSCALLS:
		line = line[:m.start(2)] + 'ext-pid'
	m = IPC_ID_RE.match(line)
	if m and m.group(1) in IPC_ID_SYSCALLS:
		line = m.group(1) + '(ID,' + line[m.end():]
	m = IPC_RET_RE.match(line)
	if m and m.group(1) in IPC_GET_SYSCALLS:
		line = line[:m.start(2)] + 'ID'
	return nr + line


def whole_lines(tr, norm):
	"""symbolic task name -> [normalised whole lines], in the order
	of normalise()'s sequence (so with its drops and sorting)."""
	names = symbolic_names(tr)
	out = {}
	for sym, (tid, seq) in norm.items():
		lines = []
		for text, lineno in seq:
			ev = tr.by_lineno.get(lineno)
			if ev is None or text.endswith('(delivered)'):
				lines.append(text)
			else:
				lines.append(norm_line(ev.line, names))
		out[sym] = lines
	return out


def line_match(tra, trb, out=sys.stdout, show=0):
	"""Prints and returns the percentage of trb's whole lines that
	equal tra's, task by task."""
	mt = multi_threaded_tasks(tra) | multi_threaded_tasks(trb)
	la = whole_lines(tra, normalise(tra, mt)[0])
	lb = whole_lines(trb, normalise(trb, mt)[0])
	same = total = 0
	shown = 0
	for sym in sorted(lb, key=sort_key):
		b = lb[sym]
		a = la.get(sym, [])
		total += len(b)
		sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
		same += sum(blk.size for blk in sm.get_matching_blocks())
		for op in sm.get_opcodes():
			if op[0] == 'equal':
				continue
			for i in range(max(op[2] - op[1], op[4] - op[3])):
				if shown >= show:
					break
				shown += 1
				if op[1] + i < op[2]:
					print('  - %s' % a[op[1] + i], file=out)
				if op[3] + i < op[4]:
					print('  + %s' % b[op[3] + i], file=out)
	pct = 100.0 * same / total if total else 100.0
	print('line match: %.1f%% (%d of %d %s lines equal %s\'s)'
	      % (pct, same, total, trb.label, tra.label), file=out)
	return pct


# ---------------------------------------------------------------------
# Running the tracers
# ---------------------------------------------------------------------

def lcg_words(n, seed, nwords=None):
	"""Deterministic pseudo-random lines of lower-case words."""
	x = seed
	lines = []
	for _ in range(n):
		words = []
		for _ in range(nwords or 1 + x % 5):
			x = (x * 1103515245 + 12345) & 0x7fffffff
			length = 3 + (x >> 8) % 8
			w = ''
			for _ in range(length):
				x = (x * 1103515245 + 12345) & 0x7fffffff
				w += chr(ord('a') + (x >> 16) % 26)
			words.append(w)
		lines.append(' '.join(words))
	return '\n'.join(lines) + '\n'


def make_fixture(base):
	"""(Re)create base/home and base/work with fixed contents and
	times.  base/out receives the tracee's stdout and stderr."""
	for sub in ('home', 'work', 'out'):
		shutil.rmtree(os.path.join(base, sub), ignore_errors=True)
		os.mkdir(os.path.join(base, sub))
	work = os.path.join(base, 'work')
	files = {
		'words.txt': lcg_words(2000, 42),
		'big.txt': lcg_words(200000, 7, nwords=1),
		'tree/a.txt': 'alpha\n',
		'tree/b.txt': 'bravo\n' * 100,
		'tree/sub/c.txt': 'charlie\n' * 1000,
		'tree/sub/deeper/d.txt': '',
		# What cp -r copies: entries that make the same calls in
		# any order (cp reads a directory sorted by inode number,
		# which differs from run to run).
		'twins/one/x.txt': 'twin\n' * 50,
		'twins/one/y.txt': 'twin\n' * 50,
		'twins/two/x.txt': 'twin\n' * 50,
		'twins/two/y.txt': 'twin\n' * 50,
		'script.sh': 'echo one\necho two >&2\nexit 3\n',
	}
	for rel, text in sorted(files.items()):
		path = os.path.join(work, rel)
		os.makedirs(os.path.dirname(path), exist_ok=True)
		with open(path, 'w') as f:
			f.write(text)
	for root in (work, os.path.join(base, 'home')):
		for d, dirs, fnames in os.walk(root, topdown=False):
			for n in fnames + dirs:
				os.utime(os.path.join(d, n),
					 (FIXTURE_MTIME, FIXTURE_MTIME))
			os.utime(d, (FIXTURE_MTIME, FIXTURE_MTIME))
	return work


def no_aslr():
	# Same address-space layout in every run: glibc and python make
	# some decisions (arena alignment, id()-based hashing) from
	# addresses.  personality() is inherited across the tracers'
	# fork and exec.
	try:
		libc = ctypes.CDLL(None, use_errno=True)
		libc.personality(ADDR_NO_RANDOMIZE)
	except (OSError, AttributeError):
		pass


def run_traced(tracer_argv, cmd, base, log, timeout):
	"""Run cmd under tracer_argv (which ends where the command starts)
	in a fresh fixture.  Returns (exit status, stdout bytes)."""
	work = make_fixture(base)
	env = dict(FIXED_ENV)
	env['HOME'] = os.path.join(base, 'home')
	env['PWD'] = work
	env['TMPDIR'] = os.path.join(base, 'home')
	outp = os.path.join(base, 'out', 'stdout')
	errp = os.path.join(base, 'out', 'stderr')
	argv = tracer_argv + ['-o', log, '--'] + cmd
	with open(outp, 'wb') as fo, open(errp, 'wb') as fe:
		try:
			p = subprocess.run(argv, cwd=work, env=env,
					   stdin=subprocess.DEVNULL, stdout=fo,
					   stderr=fe, timeout=timeout,
					   preexec_fn=no_aslr)
			status = p.returncode
		except subprocess.TimeoutExpired:
			status = 'timeout'
	with open(outp, 'rb') as f:
		stdout = f.read()
	with open(errp, 'rb') as f:
		stderr = f.read()
	return status, stdout, stderr


def resolve_program(cmd):
	if os.sep in cmd[0]:
		return os.access(cmd[0], os.X_OK)
	return shutil.which(cmd[0], path=FIXED_ENV['PATH']) is not None


def load_program(listfile, name):
	"""The command for NAME in the program list: 'NAME: shell words'."""
	for cmd_name, cmd in read_program_list(listfile):
		if cmd_name == name:
			return cmd
	die_usage('%s: no program named %s' % (listfile, name))


def read_program_list(listfile):
	progs = []
	with open(listfile) as f:
		for line in f:
			line = line.strip()
			if not line or line.startswith('#'):
				continue
			name, sep, rest = line.partition(':')
			if not sep:
				die_usage('%s: expected "name: command": %s'
					  % (listfile, line))
			progs.append((name.strip(), shlex.split(rest)))
	return progs


def run_one(args, cmd, cmd_b=None):
	"""Trace cmd both ways and compare.  Returns an exit status."""
	strace = shutil.which(args.strace)
	if not strace:
		return skip('strace (%s) not found' % args.strace)
	if not resolve_program(cmd):
		return skip('program under test not found: %s' % cmd[0])
	selection = ['-e', 'trace=' + args.trace] if args.trace else []
	a_argv = [strace] + STRACE_FLAGS + selection
	if args.reference_only:
		b_argv = [strace] + STRACE_FLAGS + selection
		b_label = 'strace#2'
	else:
		sw = args.syswarden or os.environ.get('SYSWARDEN')
		if not sw:
			die_usage('no syswarden binary: pass --syswarden PATH '
				  'or set SYSWARDEN (or use --reference-only)')
		if not os.access(sw, os.X_OK):
			return skip('syswarden binary not found: %s' % sw)
		b_argv = [os.path.abspath(sw)]
		if args.string_limit is not None:
			b_argv += ['-s', str(args.string_limit)]
		b_argv += selection + args.sw_args
		b_label = 'syswarden'

	# Both runs use the same base directory path, recreated in
	# between: getcwd(), readlink() and the like return lengths.
	kept = False
	base = tempfile.mkdtemp(prefix='swdifft-')
	rundir = os.path.join(base, 'r')
	os.mkdir(rundir)
	loga = os.path.join(base, 'a.log')
	logb = os.path.join(base, 'b.log')
	try:
		sa, outa, erra = run_traced(a_argv, cmd, rundir, loga,
					    args.timeout)
		sb, outb, errb = run_traced(b_argv, cmd_b or cmd, rundir,
					    logb, args.timeout)
		ok = True
		for label, st, err in (('strace', sa, erra),
				       (b_label, sb, errb)):
			if st == 'timeout':
				print('%s run timed out after %ds' %
				      (label, args.timeout))
				ok = False
		if not ok:
			return EXIT_DIFF
		if not os.path.exists(logb):
			print('%s wrote no log (exit status %s); stderr:\n%s' %
			      (b_label, sb, errb.decode(errors='replace')))
			return EXIT_DIFF
		tra = parse_log(loga, 'strace')
		trb = parse_log(logb, b_label)
		ok = compare(tra, trb, context=args.context)
		if args.lines is not None:
			pct = line_match(tra, trb, show=args.show)
			if pct < args.lines:
				print('fewer than %g%% of the lines are equal'
				      % args.lines)
				ok = False
		if outa != outb:
			print('the traced program wrote different output '
			      'under the two tracers')
			for line in difflib.unified_diff(
					outa.decode(errors='replace').split('\n'),
					outb.decode(errors='replace').split('\n'),
					'stdout under strace',
					'stdout under ' + b_label, lineterm=''):
				print(line)
			ok = False
		if sa != sb:
			# strace exits with the tracee's status; report a
			# tracer that does not, but it is not a trace
			# difference.
			print('note: exit status %s under strace, %s under %s'
			      % (sa, sb, b_label))
		if args.keep or not ok:
			kept = True
			print('logs kept: %s %s' % (loga, logb))
		return EXIT_OK if ok else EXIT_DIFF
	finally:
		if kept:
			shutil.rmtree(rundir, ignore_errors=True)
		else:
			shutil.rmtree(base, ignore_errors=True)


def main():
	ap = argparse.ArgumentParser(
		description='Compare syswarden with strace on one command.')
	ap.add_argument('--syswarden', metavar='PATH',
			help='syswarden binary (default: $SYSWARDEN)')
	ap.add_argument('--strace', default='strace', metavar='PATH')
	ap.add_argument('--reference-only', action='store_true',
			help='run strace twice instead (determinism check)')
	ap.add_argument('--compare-logs', nargs=2, metavar=('A', 'B'),
			help='only parse and compare two existing logs')
	ap.add_argument('--list', metavar='FILE',
			help='program list (name: command)')
	ap.add_argument('--program', metavar='NAME',
			help='run the program NAME from --list')
	ap.add_argument('--all', action='store_true',
			help='run every program of --list')
	ap.add_argument('--repeat', type=int, default=1, metavar='N',
			help='run N times; fail if any run fails')
	ap.add_argument('--against', metavar='SHELL-WORDS',
			help='with --reference-only, trace this other command '
			'in the second run (to check that differences show)')
	ap.add_argument('-s', dest='string_limit', type=int,
			help='passed to syswarden as -s N')
	ap.add_argument('--trace', metavar='SET',
			help='passed to both tracers as -e trace=SET; include '
			'the clone family and set_tid_address so that tasks '
			'can still be matched')
	ap.add_argument('--sw-arg', dest='sw_args', action='append',
			default=[], metavar='ARG',
			help='an extra syswarden argument (repeatable), e.g. '
			'--sw-arg=--seccomp=on')
	ap.add_argument('--timeout', type=int, default=100)
	ap.add_argument('--context', type=int, default=3)
	ap.add_argument('--keep', action='store_true',
			help='keep the logs even when the runs compare equal')
	ap.add_argument('--lines', type=float, metavar='PCT',
			help='also compare whole lines; fail when fewer '
			'than PCT percent of them are equal')
	ap.add_argument('--show', type=int, default=0, metavar='N',
			help='with --lines, print the first N differing lines')
	ap.add_argument('cmd', nargs=argparse.REMAINDER)
	args = ap.parse_args()
	cmd = args.cmd
	if cmd and cmd[0] == '--':
		cmd = cmd[1:]

	if args.compare_logs:
		tra = parse_log(args.compare_logs[0], args.compare_logs[0])
		trb = parse_log(args.compare_logs[1], args.compare_logs[1])
		if args.lines is not None:
			return EXIT_OK if line_match(tra, trb, show=args.show) \
				>= args.lines else EXIT_DIFF
		return EXIT_OK if compare(tra, trb, args.context) else EXIT_DIFF

	jobs = []
	if args.list and args.all:
		jobs = read_program_list(args.list)
	elif args.list and args.program:
		jobs = [(args.program, load_program(args.list, args.program))]
	elif cmd:
		jobs = [(' '.join(cmd), cmd)]
	else:
		die_usage('nothing to run: give -- CMD, or --list with '
			  '--program/--all')
	if args.against and not args.reference_only:
		die_usage('--against needs --reference-only')
	cmd_b = shlex.split(args.against) if args.against else None

	worst = EXIT_OK
	for name, jcmd in jobs:
		for i in range(args.repeat):
			r = run_one(args, jcmd, cmd_b)
			tag = {EXIT_OK: 'ok', EXIT_DIFF: 'DIFFERENT',
			       EXIT_SKIP: 'skipped'}.get(r, str(r))
			print('== %s [run %d/%d]: %s' % (name, i + 1,
							 args.repeat, tag))
			sys.stdout.flush()
			if r == EXIT_DIFF:
				worst = EXIT_DIFF
			elif r == EXIT_SKIP and worst == EXIT_OK:
				worst = EXIT_SKIP
	return worst


if __name__ == '__main__':
	sys.exit(main())
