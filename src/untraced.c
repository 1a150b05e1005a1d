// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syswarden - no task escapes through clone's CLONE_UNTRACED.
 *
 * CLONE_UNTRACED keeps a new task out of ptrace's auto-attach
 * (kernel/fork.c, kernel_clone()), so a traced program could start a task
 * that nobody supervises (strace issue #303).  clone and clone3 always
 * stop (see prefilter.c) and are fixed at their entry:
 *
 *  - clone takes its flags in a register: the flag is cleared there.
 *  - clone3 takes them in struct clone_args, in memory that the caller's
 *    other threads can write until the kernel has read it.  Clearing the
 *    flag there would race; instead the call becomes the clone that does
 *    the same, with everything in registers, read once here.  What the
 *    kernel would refuse fails as it would (EINVAL, E2BIG, EFAULT); what
 *    clone cannot express (set_tid, a cgroup, flags past 32 bits such as
 *    CLONE_CLEAR_SIGHAND, CLONE_NEWTIME, a pidfd with CLONE_PARENT_SETTID,
 *    pointers past 32 bits on a 32-bit ABI) fails with ENOSYS, as on
 *    kernels before 5.3, and C libraries fall back to clone.
 *
 * clone takes in registers what clone3 did not, and a syscall leaves all
 * but its result register as they were: C libraries keep the new
 * thread's function and argument there.  So the registers the clone used
 * are given back, to the caller at its exit stop and to the new task at
 * its first stop, before it runs.  The new task's first stop can come
 * before its parent's clone event names it; while a clone3 is in flight,
 * a task of unknown parentage is held at that stop until the event.
 *
 * The trace still shows the call as the program made it.
 *
 * Only for the launched tree, which dies with syswarden: a process
 * attached with -p must outlive syswarden, even one killed with SIGKILL
 * between a clone3's entry and its child's first stop.  That child would
 * keep clone's registers (on x86_64 glibc then calls the parent_tid
 * pointer, and the process dies of SIGSEGV).  So an attached task's
 * clone3 fails with ENOSYS and the C library makes the clone itself:
 * skipped, the call needs nothing more from syswarden.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <string.h>

#include "arch.h"
#include "supervisor.h"
#include "tracemem.h"
#include "untraced.h"

/* struct clone_args of include/uapi/linux/sched.h: every field 64-bit. */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
	    stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE3_SIZE_VER0 64 /* up to tls */
#define CLONE3_SIZE_VER2 88 /* up to cgroup */
#define MAX_PID_NS_LEVEL 32 /* include/linux/pid_namespace.h */
#ifndef CLONE_CLEAR_SIGHAND /* include/uapi/linux/sched.h, Linux 5.5 */
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif
#ifndef CLONE_INTO_CGROUP /* Linux 5.7 */
#define CLONE_INTO_CGROUP 0x200000000ull
#endif
#define ERESTARTSYS 512 /* include/linux/errno.h, kernel-internal */
#define ERESTART_BLOCK 516
#define CLONE3_READ_MAX 4096 /* bytes past ours must be zero */

/* Reads clone3's arguments: 0, -EINVAL for a size the kernel refuses
 * anyway, -EFAULT, or -E2BIG for fields newer than ours that are set. */
static int read_args(const struct sw_tracee *t, struct clone3_args *ca)
{
	unsigned char buf[CLONE3_READ_MAX];
	uint64_t size = t->sys.args[1];
	size_t i;

	memset(ca, 0, sizeof(*ca));
	if (size < CLONE3_SIZE_VER0 || size > CLONE3_READ_MAX)
		return -EINVAL;
	if (tracemem_read(t->tid, t->sys.args[0], buf, (size_t)size) !=
	    (ssize_t)size)
		return -EFAULT;
	memcpy(ca, buf, size < sizeof(*ca) ? (size_t)size : sizeof(*ca));
	for (i = sizeof(*ca); i < size; i++)
		if (buf[i])
			return -E2BIG;
	return 0;
}

/*
 * The kernel's own checks of clone3's arguments (kernel/fork.c,
 * copy_clone_args_from_user(), clone3_args_valid(), clone3_stack_valid(),
 * kernel_clone()), so that what it refuses fails as it would: 0 or
 * -EINVAL.
 */
static int check_args(const struct clone3_args *ca, uint64_t size,
		      enum sw_abi abi)
{
	const uint64_t known =
	    0xffffffffull | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP;
	uint64_t top = sw_arch_host.user_top(abi);
	uint64_t end = ca->stack + ca->stack_size;

	if (ca->set_tid_size > MAX_PID_NS_LEVEL ||
	    !ca->set_tid != !ca->set_tid_size ||
	    (ca->exit_signal & ~(uint64_t)CSIGNAL) || ca->exit_signal > 64 ||
	    ((ca->flags & CLONE_INTO_CGROUP) &&
	     (ca->cgroup > INT_MAX || size < CLONE3_SIZE_VER2)) ||
	    (ca->flags & ~known) ||
	    (ca->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))) ||
	    (ca->flags & CLONE_SIGHAND && ca->flags & CLONE_CLEAR_SIGHAND) ||
	    ((ca->flags & (CLONE_THREAD | CLONE_PARENT)) && ca->exit_signal) ||
	    ((ca->flags & CLONE_PIDFD) && (ca->flags & CLONE_PARENT_SETTID) &&
	     ca->pidfd == ca->parent_tid))
		return -EINVAL;
	if (ca->stack ? !ca->stack_size || end < ca->stack || end > top
		      : ca->stack_size != 0)
		return -EINVAL;
	return 0;
}

/* Whether clone can do what valid @ca asks, on an ABI of @wordsize. */
static bool clone_can(const struct clone3_args *ca, unsigned int wordsize)
{
	uint64_t wide = ca->pidfd | ca->child_tid | ca->parent_tid | ca->tls |
			(ca->stack + ca->stack_size);

	return !(ca->flags >> 32) && !(ca->flags & CLONE_NEWTIME) &&
	       !ca->set_tid_size &&
	       !((ca->flags & CLONE_PIDFD) &&
		 (ca->flags & CLONE_PARENT_SETTID)) &&
	       (wordsize == 8 || !(wide >> 32)); /* no register cuts them */
}

/* Sets the argument of @clone whose name starts with @name: "tls" is the
 * fourth argument on some ABIs, the fifth on others.  Notes the value. */
static int set_named(struct sw_tracee *t, const struct sw_syscall *clone,
		     const char *name, uint64_t v)
{
	unsigned int i, reg;

	for (i = 0; i < clone->nargs; i++) {
		reg = clone->args[i].reg;
		if (strncmp(clone->args[i].name, name, strlen(name)) ||
		    reg >= ARRAY_SIZE(t->clone_loaded))
			continue;
		t->clone_loaded[reg] = v;
		return sw_arch_host.set_arg(t->tid, t->sys.abi, reg, v);
	}
	return -ENOENT;
}

/* Loads @t's registers with the clone that does what @ca asks, without
 * CLONE_UNTRACED.  Returns 0 or -errno. */
static int load_clone(struct sw_tracee *t, const struct sw_syscall *clone,
		      const struct clone3_args *ca)
{
	uint64_t flags =
	    (ca->flags & ~(uint64_t)CLONE_UNTRACED) | ca->exit_signal;
	int r = sw_arch_host.set_scno(t->tid, t->sys.abi, clone->nr);

	if (r == 0)
		r = set_named(t, clone, "clone_flags", flags);
	if (r == 0) /* the stack grows down on every ABI we know */
		r = set_named(t, clone, "newsp",
			      ca->stack ? ca->stack + ca->stack_size : 0);
	if (r == 0)
		r = set_named(t, clone, "parent_tidptr",
			      ca->flags & CLONE_PIDFD ? ca->pidfd
						      : ca->parent_tid);
	if (r == 0)
		r = set_named(t, clone, "child_tidptr", ca->child_tid);
	if (r == 0)
		r = set_named(t, clone, "tls", ca->tls);
	return r;
}

/* Turns @t's clone3 into clone, without CLONE_UNTRACED.  Returns 0, or
 * the -errno the call is to fail with instead. */
static int clone3_to_clone(struct sw_tracee *t, bool *untraced)
{
	const struct sw_syscall *clone = sw_sysent_by_name(t->sys.abi, "clone");
	const struct sw_sysent_table *tab = sw_sysent_table(t->sys.abi);
	unsigned int wordsize = tab ? tab->wordsize : 8;
	struct clone3_args ca;
	int r = read_args(t, &ca);

	if (r == -EINVAL)
		return 0; /* the kernel refuses its size, whatever memory says */
	if (r == 0)
		r = check_args(&ca, t->sys.args[1], t->sys.abi);
	if (r == 0 && (!clone || !clone_can(&ca, wordsize)))
		r = -ENOSYS;
	if (r < 0)
		return r;
	*untraced = (ca.flags & CLONE_UNTRACED) != 0;
	/* Its registers come back at its exit (untraced_exit()). */
	memcpy(t->clone_regs, t->sys.args, sizeof(t->clone_regs));
	t->flags |= TF_CLONE3;
	return load_clone(t, clone, &ca);
}

/* Makes @t's call fail with @err without running.  Returns 0 or -errno. */
static int refuse(struct sw_tracee *t, int err)
{
	int r = sw_arch_host.set_scno(t->tid, t->sys.abi, -1);

	if (r == 0) {
		t->skip_ret = err;
		t->flags |= TF_SKIPPED;
	}
	return r;
}

/* Clears CLONE_UNTRACED in clone's flags register. */
static int clear_clone_flag(struct sw_tracee *t, bool *untraced)
{
	uint64_t flags = t->sys.args[0];
	int r;

	*untraced = (flags & CLONE_UNTRACED) != 0;
	if (!*untraced)
		return 0;
	flags &= ~(uint64_t)CLONE_UNTRACED;
	r = sw_arch_host.set_arg(t->tid, t->sys.abi, 0, flags);
	if (r == 0)
		t->sys.args[0] = flags;
	return r;
}

void untraced_guard(struct sw_supervisor *sup, struct sw_tracee *t)
{
	const char *name = t->sys.sc ? t->sys.sc->name : "";
	bool untraced = false;
	int r;

	if (!strcmp(name, "clone"))
		r = clear_clone_flag(t, &untraced);
	else if (!strcmp(name, "clone3"))
		r = t->flags & TF_LAUNCHED ? clone3_to_clone(t, &untraced)
					   : -ENOSYS;
	else
		return;
	/* What could not be made safe fails: EINVAL, EFAULT and E2BIG as
	 * the call would, ENOSYS where clone cannot do it, and for a
	 * ptrace error (the task is gone). */
	if (r < 0 && r != -ESRCH)
		r = refuse(t, r == -EFAULT || r == -E2BIG || r == -EINVAL
				  ? r
				  : -ENOSYS);
	if (r < 0 && r != -ESRCH) /* ESRCH: killed, no child to fear */
		supervisor_warn(sup,
				"pid %d: %s: cannot keep its child traced "
				"(%s); the new task may escape",
				t->tid, name, strerror(-r));
	if (untraced)
		supervisor_warn(sup,
				"pid %d: %s with CLONE_UNTRACED: flag "
				"cleared, the new task stays supervised",
				t->tid, name);
}

/*
 * Gives @t back the registers its clone3 had, keeping the call's result:
 * the child's 0, or the caller's, read from its registers here (the
 * release path has not decoded it).  On arm the first argument and the
 * result share a register, hence the result is written last.
 */
static void give_back(struct sw_supervisor *sup, struct sw_tracee *t,
		      bool child)
{
	struct sw_regs_syscall now;
	int64_t ret = 0;
	unsigned int i;
	int r = 0;

	if (!child) {
		r = sw_arch_host.get_syscall(t->tid, &now);
		ret = now.ret;
	}
	/* A signal interrupted the clone before it made the child, and the
	 * kernel will run the call again (-ERESTARTNOINTR, kernel/fork.c):
	 * as the clone3 it was, whose registers these are; its entry stops
	 * again and is made clone again. */
	if (r == 0 && !child && ret <= -ERESTARTSYS && ret >= -ERESTART_BLOCK)
		r = sw_arch_host.set_scno(t->tid, t->sys.abi,
					  (int64_t)t->sys.nr);
	for (i = 0; i < ARRAY_SIZE(t->clone_regs) && r == 0; i++)
		r = sw_arch_host.set_arg(t->tid, t->sys.abi, i,
					 t->clone_regs[i]);
	if (r == 0)
		r = sw_arch_host.set_retval(t->tid, t->sys.abi, ret);
	if (r < 0 && r != -ESRCH)
		supervisor_warn(sup,
				"pid %d: cannot restore its registers after "
				"clone3: %s",
				t->tid, strerror(-r));
}

static bool clone3_in_flight(const struct sw_supervisor *sup)
{
	const struct sw_tracee *t, *tmp;
	unsigned int i;

	tracee_for_each (&sup->tracees, i, t, tmp)
		if (t->flags & TF_CLONE3)
			return true;
	return false;
}

/* Keeps what @t's clone3 leaves to a child whose parent's event will
 * not come: @t died between the clone and the event. */
static void orphan(struct sw_supervisor *sup, const struct sw_tracee *t)
{
	struct untraced_state *u = &sup->untraced;
	struct untraced_orphan *o;

	if (u->n == UNTRACED_ORPHANS)
		memmove(u->orphans, u->orphans + 1,
			--u->n * sizeof(u->orphans[0]));
	o = &u->orphans[u->n++];
	o->abi = t->sys.abi;
	memcpy(o->loaded, t->clone_loaded, sizeof(o->loaded));
	memcpy(o->regs, t->clone_regs, sizeof(o->regs));
}

/* Whether new task registers @now are what orphan @o's clone loaded. */
static bool loaded_by(const struct sw_regs_syscall *now,
		      const struct untraced_orphan *o)
{
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(o->loaded); k++)
		if (now->args[k] != o->loaded[k])
			return false;
	return now->abi == o->abi;
}

/*
 * Gives new task @t the registers of the orphaned clone3 whose clone it
 * comes from: it starts with just what that clone was loaded with.  Its
 * parent is gone (a vfork child has been reparented), so only the
 * registers can tell; the newest record that matches is the one, and
 * older ones like it are of children that never came (the caller died
 * before the clone made one), so they go.
 */
static bool adopt_orphan(struct sw_supervisor *sup, struct sw_tracee *t)
{
	struct untraced_state *u = &sup->untraced;
	struct sw_regs_syscall now;
	unsigned int i, j, kept;
	bool found = false;

	if (!u->n || sw_arch_host.get_syscall(t->tid, &now) < 0)
		return false;
	for (i = u->n; i-- > 0 && !found;)
		if (loaded_by(&now, &u->orphans[i])) {
			memcpy(t->clone_regs, u->orphans[i].regs,
			       sizeof(t->clone_regs));
			found = true;
		}
	if (!found)
		return false;
	for (j = kept = 0; j < u->n; j++)
		if (!loaded_by(&now, &u->orphans[j]))
			u->orphans[kept++] = u->orphans[j];
	u->n = kept;
	give_back(sup, t, true);
	return true;
}

/* Lets held tasks go once no clone3 is in flight: their parents died
 * before their events, so what they are due is known from orphan(), if
 * anything. */
static void release_held(struct sw_supervisor *sup)
{
	struct sw_tracee *t, *tmp;
	unsigned int i;

	if (clone3_in_flight(sup))
		return;
	tracee_for_each (&sup->tracees, i, t, tmp)
		if (t->flags & TF_HELD) {
			t->flags &= ~(TF_HELD | TF_UNCLAIMED);
			adopt_orphan(sup, t);
			supervisor_resume(sup, t);
		}
}

void untraced_exit(struct sw_supervisor *sup, struct sw_tracee *t, bool alive)
{
	if (!(t->flags & TF_CLONE3))
		return;
	if (alive)
		give_back(sup, t, false);
	else
		orphan(sup, t);
	t->flags &= ~TF_CLONE3;
	release_held(sup);
}

void untraced_cancel(struct sw_supervisor *sup, struct sw_tracee *t)
{
	if (!(t->flags & TF_CLONE3))
		return;
	t->flags &= ~TF_CLONE3; /* no clone, no child: nothing to give */
	release_held(sup);
}

void untraced_claim(struct sw_supervisor *sup, struct sw_tracee *parent,
		    struct sw_tracee *child, bool seen)
{
	/* A child seen already and let run cannot be given anything. */
	bool waiting = !seen || (child->flags & TF_HELD);

	child->flags &= ~TF_UNCLAIMED;
	if ((parent->flags & TF_CLONE3) && waiting) {
		memcpy(child->clone_regs, parent->clone_regs,
		       sizeof(child->clone_regs));
		child->flags |= TF_RESTORE;
	}
	if (child->flags & TF_HELD) {
		child->flags &= ~TF_HELD;
		untraced_first_stop(sup, child);
		supervisor_resume(sup, child);
	}
}

bool untraced_first_stop(struct sw_supervisor *sup, struct sw_tracee *t)
{
	bool in_flight = clone3_in_flight(sup);

	if (t->flags & TF_RESTORE) {
		t->flags &= ~TF_RESTORE;
		give_back(sup, t, true);
	} else if ((t->flags & TF_UNCLAIMED) && !in_flight &&
		   adopt_orphan(sup, t)) {
		t->flags &=
		    ~TF_UNCLAIMED; /* its parent's event will not come */
	}
	/* While a clone3 is in flight, a task whose parent is unknown waits:
	 * its parent's event, or release_held(), says what it is due. */
	if ((t->flags & TF_UNCLAIMED) && in_flight) {
		t->flags |= TF_HELD;
		return true;
	}
	t->flags &= ~TF_UNCLAIMED; /* only its first stop can need holding */
	return false;
}
