// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The tracee of the plugin tests (check_plugins.c).  Each mode checks the
 * results it gets and exits with how many were wrong.
 *
 *   threads N      two threads call getppid() up to 1000 times each; a
 *                  thread limit of N must end each of them after at most
 *                  N calls (a few go to thread start-up), the main thread
 *                  carries on
 *   files MODE     opens /etc/passwd, /etc/shadow by a relative path and
 *                  by dirfd, and /etc/hostname; MODE "block" expects
 *                  EACCES for the first ones, "allow" expects success
 *   names MODE     opens /etc/passwd by other names: "//", "/./", a
 *                  symbolic link, (where /tmp allows) a hard link,
 *                  /proc/self/cwd/passwd, openat2 RESOLVE_IN_ROOT; MODE
 *                  "block" expects EACCES for each, "allow" success
 *   create DIR MODE  creates files through a dangling link and a link
 *                  to a watched path that does not exist yet (see
 *                  mode_create())
 *   flip N         N opens of a path that a second thread keeps turning
 *                  from /etc/shadoX into /etc/shadow and back; exits with
 *                  how many opened /etc/shadow (at most 100)
 *   net            a UDP sendto, a sendmsg on a socketpair, an empty
 *                  sendmsg, refused TCP and unix connects (one to a path
 *                  with a newline)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

static int expect(long got, long want)
{
	if (want < 0)
		return !(got == -1 && errno == -want);
	return want == 0 ? got < 0 : got != want;
}

static void *spin(void *arg)
{
	volatile long *n = arg;

	while (*n < 1000) {
		syscall(SYS_getppid);
		(*n)++;
	}
	return NULL;
}

static int mode_threads(long limit)
{
	static volatile long n[2];
	pthread_t th[2];
	int i, fails = 0;

	for (i = 0; i < 2; i++)
		if (pthread_create(&th[i], NULL, spin, (void *)&n[i]))
			return 100;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < 2; i++)
		fails += n[i] > limit || n[i] < limit - 10;
	return fails;
}

static int opened(long fd)
{
	if (fd >= 0)
		close((int)fd);
	return (int)fd;
}

static int mode_files(const char *mode)
{
	long want = strcmp(mode, "block") ? 0 : -EACCES;
	int fails = 0, etc = open("/etc", O_RDONLY | O_DIRECTORY);

	fails += expect(opened(open("/etc/passwd", O_RDONLY)), want);
	fails += expect(opened(openat(etc, "shadow", O_RDONLY)), want);
	if (chdir("/etc") < 0)
		return 100;
	fails += expect(opened(open("passwd", O_RDONLY)), want);
	fails += expect(opened(open("/etc/hostname", O_RDONLY)), 0);
	fails +=
	    expect(opened(open("/nonexistent/plugtee", O_RDONLY)), -ENOENT);
	return fails;
}

/* Names that reach /etc/passwd through the task's own /proc/self, with
 * a bad dirfd, and through openat2's RESOLVE_IN_ROOT from a dirfd and
 * from the working directory; and "", which names nothing. */
static int other_roads(long want)
{
	struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_IN_ROOT };
	int etc = open("/etc", O_RDONLY | O_DIRECTORY), fails = 0;

	if (etc < 0 || chdir("/etc") < 0)
		return 100;
	fails += expect(opened(open("/proc/self/cwd/passwd", O_RDONLY)), want);
	fails += expect(opened(open("/proc/thread-self/cwd/passwd", O_RDONLY)),
			want);
	fails += expect(
	    opened(syscall(SYS_openat2, etc, "/passwd", &how, sizeof(how))),
	    want);
	fails += expect(opened(open("", O_RDONLY)), -ENOENT);
	/* Not a directory: the kernel's ENOTDIR, never a block. */
	fails += expect(opened(open("/etc/passwd/", O_RDONLY)), -ENOTDIR);
	/* An absolute path ignores the dirfd, even a bad one. */
	fails += expect(opened(openat(12345, "/etc/passwd", O_RDONLY)), want);
	fails += expect(opened(syscall(SYS_openat2, AT_FDCWD, "/passwd", &how,
				       sizeof(how))),
			want);
	fails +=
	    expect(opened(open("/proc/self/root/etc/passwd", O_RDONLY)), want);
	close(etc);
	return fails;
}

/* In @dir, made by the test with a watched tree/ and other/ (whose
 * new2, which does not exist, is watched through a link l -> other):
 * creates through a link that dangles into tree/, and other/new2. */
static int mode_create(const char *dir, const char *mode)
{
	long want = strcmp(mode, "block") ? 0 : -EACCES;
	char dang[256], target[256], new2[256];
	int fails = 0;

	snprintf(dang, sizeof(dang), "%s/dang", dir);
	snprintf(target, sizeof(target), "%s/tree/new", dir);
	snprintf(new2, sizeof(new2), "%s/other/new2", dir);
	fails += symlink(target, dang) < 0;
	fails += expect(opened(open(dang, O_WRONLY | O_CREAT, 0600)), want);
	fails += expect(opened(open(new2, O_WRONLY | O_CREAT, 0600)), want);
	/* Refused at entry: nothing was made. */
	fails += want && (access(target, F_OK) == 0 || access(new2, F_OK) == 0);
	return fails;
}

static int mode_names(const char *mode)
{
	long want = strcmp(mode, "block") ? 0 : -EACCES;
	char dir[] = "/tmp/plugtee-XXXXXX", sym[64], hard[64];
	int fails = 0;

	if (!mkdtemp(dir))
		return 100;
	snprintf(sym, sizeof(sym), "%s/sym", dir);
	snprintf(hard, sizeof(hard), "%s/hard", dir);
	fails += expect(opened(open("/etc//passwd", O_RDONLY)), want);
	fails += expect(opened(open("/etc/./passwd", O_RDONLY)), want);
	fails += symlink("/etc/passwd", sym) < 0;
	fails += expect(opened(open(sym, O_RDONLY)), want);
	if (link("/etc/passwd", hard) == 0) /* EXDEV: another filesystem */
		fails += expect(opened(open(hard, O_RDONLY)), want);
	unlink(hard);
	unlink(sym);
	rmdir(dir);
	return fails + other_roads(want);
}

static char flip_path[] = "/etc/shadoX";

static void *flipper(void *arg)
{
	volatile char *c = &flip_path[sizeof(flip_path) - 2];

	for (;;)
		*c = *c == 'w' ? 'X' : 'w';
	return arg;
}

static int mode_flip(long n)
{
	pthread_t th;
	int done = 0, fd;

	if (pthread_create(&th, NULL, flipper, NULL))
		return 100;
	while (n-- > 0 && done < 100) {
		fd = open(flip_path, O_RDONLY);
		if (fd >= 0) {
			done++;
			close(fd);
		}
	}
	return done;
}

static int mode_net(void)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_un un = { .sun_family = AF_UNIX,
				  .sun_path = "/nonexistent/plugtee.sock" };
	struct iovec iov = { .iov_base = "msg-data-xyz", .iov_len = 12 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int udp = socket(AF_INET, SOCK_DGRAM, 0), tcp, pair[2], ux, fails = 0;

	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (udp < 0 || socketpair(AF_UNIX, SOCK_DGRAM, 0, pair) < 0)
		return 100;
	fails +=
	    expect(sendto(udp, "hello-net", 9, 0, (void *)&to, sizeof(to)), 9);
	fails += expect(sendmsg(pair[0], &msg, 0), 12);
	tcp = socket(AF_INET, SOCK_STREAM, 0);
	to.sin_port = htons(1);
	fails += expect(connect(tcp, (void *)&to, sizeof(to)), -ECONNREFUSED);
	msg.msg_iovlen = 0;
	fails += expect(sendmsg(pair[0], &msg, 0), 0);
	ux = socket(AF_UNIX, SOCK_STREAM, 0);
	fails += expect(connect(ux, (void *)&un, sizeof(un)), -ENOENT);
	strcpy(un.sun_path, "/nonexistent/a\n### forged");
	fails += expect(connect(ux, (void *)&un, sizeof(un)), -ENOENT);
	return fails;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "threads") && argc > 2)
		return mode_threads(atol(argv[2]));
	if (!strcmp(mode, "files") && argc > 2)
		return mode_files(argv[2]);
	if (!strcmp(mode, "names") && argc > 2)
		return mode_names(argv[2]);
	if (!strcmp(mode, "create") && argc > 3)
		return mode_create(argv[2], argv[3]);
	if (!strcmp(mode, "flip") && argc > 2)
		return mode_flip(atol(argv[2]));
	if (!strcmp(mode, "net"))
		return mode_net();
	return 100;
}
