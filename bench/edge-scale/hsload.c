/* A TLS 1.3 handshake load generator on OpenSSL, fast enough not to be the limit (bench/edge-scale/run.sh).
 *   hsload wait   <port> <names> <start_ns> [<pid>]         time from start_ns until the first name, then every
 *                                                          name checked (the last, and 200 at random), is served
 *   hsload full   <port> <names> <seconds> <workers> <pid>  full handshakes with random SNI
 *   hsload resume <port> <names> <seconds> <workers> <pid>  resumed handshakes (session tickets), random SNI
 *                                                          over 256 names per worker, each resumed from its last ticket
 *   hsload sweep  <port> <names> <workers> <pid>            every name once (first handshakes), in parallel
 * Every handshake checks that the served leaf names the SNI (X509_check_host). With <pid>, the server's CPU
 * (utime+stime from /proc/<pid>/stat) over the measured window is divided by the handshakes in it.
 * Build: gcc -O2 -o hsload hsload.c -lssl -lcrypto (libssl-dev). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define POOL 256
#define MAXW 64

struct shared {
    volatile int ready, go, stop;
    volatile long done[MAXW], failed[MAXW], mismatched[MAXW], reused[MAXW];
};

static char **names;
static long nnames;
static int port;
static SSL_CTX *ctx;

static double now_s(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static long long real_ns(void) { struct timespec t; clock_gettime(CLOCK_REALTIME, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }

static uint64_t rng;
static uint64_t next_rand(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static double cpu_seconds(int pid) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long ut = 0, st = 0;
    /* after ") " : state(3) ... utime is field 14, stime 15 */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) return -1;
    return (ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static long rss_kb(int pid) {
    char path[64], line[256];
    long kb = 0;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    while (fgets(line, sizeof line, f)) if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
    fclose(f);
    return kb;
}

/* One connection: handshake with SNI name (resuming *session when set), check the leaf, close cleanly (reading
 * the server's tickets and close_notify). Returns 1 ok, 0 failed, -1 wrong certificate. */
static int handshake(const char *name, SSL_SESSION **session, int *reused) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1, result = 0;
    struct timeval tv = { 5, 0 };
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return 0; }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, name);
    if (session && *session) SSL_set_session(ssl, *session);
    if (SSL_connect(ssl) == 1) {
        X509 *leaf = SSL_get0_peer_certificate(ssl);
        result = leaf && X509_check_host(leaf, name, 0, 0, NULL) == 1 ? 1 : -1;
        if (reused) *reused = SSL_session_reused(ssl);
        SSL_shutdown(ssl);
        char buf[512];
        while (SSL_read(ssl, buf, sizeof buf) > 0) { }
        if (session) {
            SSL_SESSION *s = SSL_get1_session(ssl);
            if (s && SSL_SESSION_is_resumable(s)) { if (*session) SSL_SESSION_free(*session); *session = s; }
            else if (s) SSL_SESSION_free(s);
        }
    }
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    return result;
}

static void count(struct shared *sh, int w, int r, int reused, const char *name) {
    if (!sh->go || sh->stop) return;
    if (r != 1 && sh->failed[w] + sh->mismatched[w] < 3) fprintf(stderr, "hsload: %s for %s\n", r ? "wrong certificate" : "failed", name);
    if (r == 1) sh->done[w]++; else if (r == 0) sh->failed[w]++; else sh->mismatched[w]++;
    if (r == 1 && reused) sh->reused[w]++;
}

static void worker(struct shared *sh, int w, int workers, const char *mode) {
    rng = 0x9E3779B97F4A7C15ULL ^ (uint64_t)getpid() << 17 ^ (uint64_t)real_ns();
    if (!strcmp(mode, "sweep")) {
        __sync_fetch_and_add(&sh->ready, 1);
        while (!sh->go) usleep(1000);
        for (long i = w; i < nnames; i += workers) { int r = handshake(names[i], NULL, NULL); count(sh, w, r, 0, names[i]); }
        return;
    }
    SSL_SESSION *sessions[POOL] = { 0 };
    long pool[POOL];
    int resume = !strcmp(mode, "resume");
    for (int i = 0; i < POOL; i++) pool[i] = next_rand() % nnames;
    if (resume) for (int i = 0; i < POOL; i++) handshake(names[pool[i]], &sessions[i], NULL); /* warm-up: one ticket each */
    __sync_fetch_and_add(&sh->ready, 1);
    while (!sh->go) usleep(1000);
    while (!sh->stop) {
        int reused = 0, r;
        const char *name;
        if (resume) { int i = next_rand() % POOL; name = names[pool[i]]; r = handshake(name, &sessions[i], &reused); }
        else { name = names[next_rand() % nnames]; r = handshake(name, NULL, &reused); }
        count(sh, w, r, reused, name);
    }
}

static void load_names(const char *file) {
    FILE *f = fopen(file, "r");
    if (!f) { perror(file); exit(2); }
    long cap = 1024;
    names = malloc(cap * sizeof *names);
    char line[300];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!*line) continue;
        if (nnames == cap) names = realloc(names, (cap *= 2) * sizeof *names);
        names[nnames++] = strdup(line);
    }
    fclose(f);
}

static int server_pid;

static int given_up(long long start_ns) {
    /* A server that exited (or 900 s without an answer) ends the wait instead of hanging the run. */
    return (server_pid && kill(server_pid, 0) != 0) || (real_ns() - start_ns) / 1e9 > 900;
}

static int run_wait(long long start_ns) {
    rng = 88172645463325252ULL;
    double first = -1;
    for (;;) {
        if (handshake(names[0], NULL, NULL) == 1) { first = (real_ns() - start_ns) / 1e9; break; }
        usleep(2000);
        if (given_up(start_ns)) { printf("first=timeout\n"); return 1; }
    }
    /* Every name: the last one and 200 at random must each be served its own certificate. */
    long check[201];
    check[0] = nnames - 1;
    for (int i = 1; i < 201; i++) check[i] = next_rand() % nnames;
    for (int i = 0; i < 201; i++) {
        while (handshake(names[check[i]], NULL, NULL) != 1) {
            usleep(2000);
            if (given_up(start_ns)) { printf("all=timeout\n"); return 1; }
        }
    }
    printf("first_s=%.3f all_s=%.3f\n", first, (real_ns() - start_ns) / 1e9);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: see the comment at the top of hsload.c\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    const char *mode = argv[1];
    port = atoi(argv[2]);
    load_names(argv[3]);
    ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    static const unsigned char alpn[] = "\x08http/1.1";
    SSL_CTX_set_alpn_protos(ctx, alpn, sizeof alpn - 1);
    if (!strcmp(mode, "wait")) { server_pid = argc > 5 ? atoi(argv[5]) : 0; return run_wait(atoll(argv[4])); }

    int sweep = !strcmp(mode, "sweep");
    double seconds = sweep ? 0 : atof(argv[4]);
    int workers = atoi(argv[sweep ? 4 : 5]);
    int pid = argc > (sweep ? 5 : 6) ? atoi(argv[sweep ? 5 : 6]) : 0;
    if (workers < 1 || workers > MAXW) workers = 4;
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    memset((void *)sh, 0, sizeof *sh);
    for (int w = 0; w < workers; w++) if (fork() == 0) { worker(sh, w, workers, mode); _exit(0); }
    while (sh->ready < workers) usleep(1000);
    double cpu0 = pid ? cpu_seconds(pid) : 0, t0 = now_s();
    sh->go = 1;
    if (sweep) { while (wait(NULL) > 0) { } }
    else { usleep((useconds_t)(seconds * 1e6)); }
    double t1 = now_s(), cpu1 = pid ? cpu_seconds(pid) : 0;
    sh->stop = 1;
    while (wait(NULL) > 0) { }
    long done = 0, failed = 0, mismatched = 0, reused = 0;
    for (int w = 0; w < workers; w++) { done += sh->done[w]; failed += sh->failed[w]; mismatched += sh->mismatched[w]; reused += sh->reused[w]; }
    printf("mode=%s handshakes=%ld failed=%ld mismatched=%ld reused=%ld seconds=%.3f rate=%.1f", mode, done, failed, mismatched, reused, t1 - t0, done / (t1 - t0));
    if (pid) printf(" server_cpu_s=%.3f server_cpu_ms_per_handshake=%.4f server_rss_kb=%ld", cpu1 - cpu0, done ? (cpu1 - cpu0) * 1000 / done : 0, rss_kb(pid));
    printf("\n");
    return 0;
}
