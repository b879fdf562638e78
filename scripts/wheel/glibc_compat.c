/*
 * glibc compatibility for the wheel (scripts/wheel.sh): lets an extension linked on Debian 12
 * (glibc 2.36) load on glibc 2.28, the manylinux_2_28 baseline.
 *
 * The static libraries linked into the extension (LLVM, compiled by Debian against glibc 2.36;
 * libstdc++; Rust's std through the linker's defaults) refer to symbols by their plain names,
 * which the linker binds to glibc's newest versions (dlopen@GLIBC_2.34, stat@GLIBC_2.33,
 * arc4random@GLIBC_2.36, ...). wheel.sh links with `-Wl,--wrap=NAME` for each NAME listed
 * here, so that every such reference goes to __wrap_NAME instead, defined in this file:
 *
 *   - COMPAT(NAME): a jump to NAME@GLIBC_2.2.5, the version that glibc has kept since x86_64
 *     began (the newer versions moved a function from libpthread/libdl into libc, or changed
 *     error handling in libm: same behaviour for the callers here);
 *   - the others are written out: the stat family through __xstat (what glibc's headers
 *     compiled stat() into before 2.33), mallinfo2 through mallinfo, arc4random through
 *     getrandom (2.25), gettid through the system call, and __libc_single_threaded as "not
 *     known to be single-threaded" (libstdc++ then always uses atomic reference counts).
 *
 * wheel.sh checks the result with auditwheel: a new symbol that needs a newer glibc makes it
 * fail with the symbol's name, to be added here. x86_64 only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* __wrap_NAME: a tail jump to NAME@GLIBC_2.2.5 (the arguments are left as they came). */
#define COMPAT(name)                                                                           \
    __asm__(".pushsection .text\n"                                                             \
            ".globl __wrap_" #name "\n"                                                        \
            ".hidden __wrap_" #name "\n"                                                       \
            ".type __wrap_" #name ", @function\n"                                              \
            ".symver " #name "_compat, " #name "@GLIBC_2.2.5\n"                                \
            "__wrap_" #name ":\n"                                                              \
            "    jmp " #name "_compat@PLT\n"                                                   \
            ".size __wrap_" #name ", . - __wrap_" #name "\n"                                   \
            ".popsection\n");

/* __wrap_NAME: a tail jump to NAME@VERSION, for functions that glibc added after 2.2.5. */
#define COMPAT_AT(name, version)                                                               \
    __asm__(".pushsection .text\n"                                                             \
            ".globl __wrap_" #name "\n"                                                        \
            ".hidden __wrap_" #name "\n"                                                       \
            ".type __wrap_" #name ", @function\n"                                              \
            ".symver " #name "_compat, " #name "@" #version "\n"                               \
            "__wrap_" #name ":\n"                                                              \
            "    jmp " #name "_compat@PLT\n"                                                   \
            ".size __wrap_" #name ", . - __wrap_" #name "\n"                                   \
            ".popsection\n");

/* libm: new versions in 2.29 (exp, log, pow, log2: no SVID error handling) and 2.35 (hypot). */
COMPAT(exp)
COMPAT(log)
COMPAT(log2)
COMPAT(pow)
COMPAT(hypot)
COMPAT(hypotf)
/* libdl and libpthread, merged into libc in 2.32-2.34. */
COMPAT(dlopen)
COMPAT(dlclose)
COMPAT(dlerror)
COMPAT(dlsym)
COMPAT(pthread_once)
COMPAT(pthread_key_create)
COMPAT(pthread_key_delete)
COMPAT(pthread_setspecific)
COMPAT(pthread_getspecific)
COMPAT(pthread_rwlock_rdlock)
COMPAT(pthread_rwlock_wrlock)
COMPAT(pthread_rwlock_unlock)
COMPAT(pthread_getattr_np)
COMPAT(pthread_attr_getstack)
COMPAT(pthread_sigmask)
COMPAT(pthread_create)
COMPAT(pthread_detach)
/* Rayon's worker threads (the parallel pool): stack size, guard, name. */
COMPAT(pthread_attr_setstacksize)
COMPAT(pthread_attr_getguardsize)
COMPAT_AT(pthread_setname_np, GLIBC_2.12)

/* stat and friends became functions of their own in 2.33; before, the headers called these. */
extern int __xstat(int ver, const char *path, struct stat *buf);
extern int __lxstat(int ver, const char *path, struct stat *buf);
extern int __fxstat(int ver, int fd, struct stat *buf);
extern int __xmknod(int ver, const char *path, mode_t mode, dev_t *dev);
__asm__(".symver __xstat, __xstat@GLIBC_2.2.5");
__asm__(".symver __lxstat, __lxstat@GLIBC_2.2.5");
__asm__(".symver __fxstat, __fxstat@GLIBC_2.2.5");
__asm__(".symver __xmknod, __xmknod@GLIBC_2.2.5");
enum { STAT_VER_LINUX = 1, MKNOD_VER_LINUX = 0 }; /* x86_64's _STAT_VER and _MKNOD_VER */

/* On x86_64, struct stat and struct stat64 are the same. */
HIDDEN int __wrap_stat(const char *path, struct stat *buf) { return __xstat(STAT_VER_LINUX, path, buf); }
HIDDEN int __wrap_stat64(const char *path, struct stat *buf) { return __xstat(STAT_VER_LINUX, path, buf); }
HIDDEN int __wrap_lstat(const char *path, struct stat *buf) { return __lxstat(STAT_VER_LINUX, path, buf); }
HIDDEN int __wrap_lstat64(const char *path, struct stat *buf) { return __lxstat(STAT_VER_LINUX, path, buf); }
HIDDEN int __wrap_fstat(int fd, struct stat *buf) { return __fxstat(STAT_VER_LINUX, fd, buf); }
HIDDEN int __wrap_fstat64(int fd, struct stat *buf) { return __fxstat(STAT_VER_LINUX, fd, buf); }
HIDDEN int __wrap_mknod(const char *path, mode_t mode, dev_t dev) {
    return __xmknod(MKNOD_VER_LINUX, path, mode, &dev);
}

/* mallinfo2 (2.33) is mallinfo with size_t fields (LLVM reads it for its statistics). */
#pragma GCC diagnostic ignored "-Wdeprecated-declarations" /* mallinfo: the point here */
HIDDEN struct mallinfo2 __wrap_mallinfo2(void) {
    struct mallinfo m = mallinfo();
    struct mallinfo2 r = {
        .arena = (size_t)(unsigned)m.arena,
        .ordblks = (size_t)(unsigned)m.ordblks,
        .smblks = (size_t)(unsigned)m.smblks,
        .hblks = (size_t)(unsigned)m.hblks,
        .hblkhd = (size_t)(unsigned)m.hblkhd,
        .usmblks = (size_t)(unsigned)m.usmblks,
        .fsmblks = (size_t)(unsigned)m.fsmblks,
        .uordblks = (size_t)(unsigned)m.uordblks,
        .fordblks = (size_t)(unsigned)m.fordblks,
        .keepcost = (size_t)(unsigned)m.keepcost,
    };
    return r;
}

/* arc4random (2.36): 32 random bits from the kernel, as glibc's own does. */
HIDDEN uint32_t __wrap_arc4random(void) {
    uint32_t value;
    size_t got = 0;
    while (got < sizeof value) {
        ssize_t n = getrandom((char *)&value + got, sizeof value - got, 0);
        if (n > 0) {
            got += (size_t)n;
        } else if (n < 0 && errno != EINTR) {
            /* No getrandom (kernel < 3.17): glibc's arc4random aborts too. */
            __builtin_trap();
        }
    }
    return value;
}

/* gettid (2.30). */
HIDDEN pid_t __wrap_gettid(void) { return (pid_t)syscall(SYS_gettid); }

/* __libc_single_threaded (2.32): 0 is always correct (atomic operations are never wrong). */
HIDDEN char __wrap___libc_single_threaded = 0;
