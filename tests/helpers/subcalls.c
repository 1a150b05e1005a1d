// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * subcalls - socket and SysV IPC calls, which i386's C library makes
 * through socketcall(2) and ipc(2).  Checks its own results; exits 0.
 *
 *   sendto(fd, "one", 3, ...), sendto(fd, "three", 5, ...) on a socket
 *   pair; semget(IPC_PRIVATE, 1, 0600) and its IPC_RMID;
 *   msgget(IPC_PRIVATE, 0600), a msgsnd and msgrcv of "msg", IPC_RMID;
 *   shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600), shmat, shmdt, IPC_RMID.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>

struct msg {
	long type;
	char text[8];
};

static int fail(const char *what)
{
	perror(what);
	return 1;
}

int main(void)
{
	struct msg m = { 1, "msg" }, got = { 0, "" };
	int sv[2], sem, q, shm;
	char *mem;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		return fail("socketpair");
	if (sendto(sv[0], "one", 3, 0, NULL, 0) != 3 ||
	    sendto(sv[0], "three", 5, 0, NULL, 0) != 5)
		return fail("sendto");
	sem = semget(IPC_PRIVATE, 1, 0600);
	if (sem < 0 || semctl(sem, 0, IPC_RMID) < 0)
		return fail("semget");
	q = msgget(IPC_PRIVATE, 0600);
	if (q < 0 || msgsnd(q, &m, 4, 0) < 0 ||
	    msgrcv(q, &got, sizeof(got.text), 1, 0) != 4 ||
	    strcmp(got.text, "msg") || msgctl(q, IPC_RMID, NULL) < 0)
		return fail("msgget");
	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	mem = shm < 0 ? (char *)-1 : shmat(shm, NULL, SHM_RDONLY);
	if (mem == (char *)-1 || shmdt(mem) < 0 ||
	    shmctl(shm, IPC_RMID, NULL) < 0)
		return fail("shmget");
	return 0;
}
