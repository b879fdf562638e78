/* A stand-in CUDA driver for tests/test_cuda_fakedriver.py: device memory is host memory, a
 * module load keeps the PTX text, and a launch records its configuration and parameters; a
 * kernel whose name contains "saxpy" is run here in C, from its packed parameters (a float32,
 * then three 1-d float32 arrays as data pointer, shape, stride), so that the test checks the
 * whole path: transfers in, parameter packing, transfers back. Nothing here runs PTX. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char fake_ptx[1 << 20];
char fake_kernel[256];
unsigned fake_grid[3], fake_block[3], fake_shared;
void *fake_stream;
int fake_nparams;
uint64_t fake_params[64];
int fake_launches;

int cuInit(unsigned f) { return 0; }
int cuDriverGetVersion(int *v) { *v = 12080; return 0; }
int cuDeviceGetCount(int *n) { *n = 1; return 0; }
int cuDeviceGet(int *d, int i) { *d = i; return i == 0 ? 0 : 101; }
int cuDeviceGetName(char *s, int n, int d) { strncpy(s, "Fake GPU", n); return 0; }
int cuDeviceGetAttribute(int *v, int attr, int d) {
    switch (attr) {
    case 1: *v = 1024; break;                     /* threads per block */
    case 2: case 3: *v = 1024; break;             /* block x, y */
    case 4: *v = 64; break;                       /* block z */
    case 5: *v = 2147483647; break;               /* grid x */
    case 6: case 7: *v = 65535; break;            /* grid y, z */
    case 8: *v = 49152; break;                    /* shared per block */
    case 75: *v = 9; break;                       /* compute capability */
    case 76: *v = 0; break;
    case 97: *v = 232448; break;                  /* shared opt-in */
    default: return 1;
    }
    return 0;
}
int cuDevicePrimaryCtxRetain(void **c, int d) { *c = (void *)0x10; return 0; }
int cuCtxSetCurrent(void *c) { return c == (void *)0x10 ? 0 : 201; }
int cuCtxSynchronize(void) { return 0; }
int cuMemAlloc_v2(uint64_t *p, size_t n) { *p = (uint64_t)malloc(n); return 0; }
int cuMemFree_v2(uint64_t p) { free((void *)p); return 0; }
int cuMemcpyHtoD_v2(uint64_t d, const void *s, size_t n) { memcpy((void *)d, s, n); return 0; }
int cuMemcpyDtoH_v2(void *d, uint64_t s, size_t n) { memcpy(d, (void *)s, n); return 0; }
int cuMemcpyHtoDAsync_v2(uint64_t d, const void *s, size_t n, void *st) {
    memcpy((void *)d, s, n);
    return 0;
}
int cuMemcpyDtoHAsync_v2(void *d, uint64_t s, size_t n, void *st) {
    memcpy(d, (void *)s, n);
    return 0;
}
int cuMemHostAlloc(void **p, size_t n, unsigned f) { *p = malloc(n); return 0; }
int cuMemFreeHost(void *p) { free(p); return 0; }
int cuMemHostRegister_v2(void *p, size_t n, unsigned f) { return 0; }
int cuMemHostUnregister(void *p) { return 0; }
int cuModuleLoadDataEx(void **m, const char *img, unsigned n, int *o, void **v) {
    strncpy(fake_ptx, img, sizeof fake_ptx - 1);
    *m = (void *)0x20;
    return 0;
}
int cuModuleGetFunction(void **f, void *m, const char *name) {
    strncpy(fake_kernel, name, sizeof fake_kernel - 1);
    *f = (void *)0x30;
    return strstr(fake_ptx, name) ? 0 : 500; /* CUDA_ERROR_NOT_FOUND */
}
/* A debug kernel's error record (`__errcode__`): a launch copies `fake_raise` into it when
   `fake_raise_armed` is set, as a kernel whose thread raised would have (then disarms). */
uint64_t fake_errcode[64], fake_raise[64];
int fake_raise_armed, fake_global_lookups;
int cuModuleGetGlobal_v2(uint64_t *p, size_t *n, void *m, const char *name) {
    fake_global_lookups++;
    if (strcmp(name, "__errcode__") != 0 || !strstr(fake_ptx, name)) return 500;
    *p = (uint64_t)fake_errcode;
    *n = sizeof fake_errcode;
    return 0;
}
int cuFuncSetAttribute(void *f, int a, int v) { return 0; }

static void run_saxpy(void **p) {
    float a = *(float *)p[0];
    float *x = *(float **)p[1], *y = *(float **)p[4], *out = *(float **)p[7];
    int64_t n = *(int64_t *)p[8], sx = *(int64_t *)p[3], sy = *(int64_t *)p[6],
            so = *(int64_t *)p[9];
    for (int64_t i = 0; i < n; i++)
        *(float *)((char *)out + i * so) =
            a * *(float *)((char *)x + i * sx) + *(float *)((char *)y + i * sy);
}

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                   unsigned bz, unsigned shared, void *stream, void **params, void **extra) {
    fake_grid[0] = gx, fake_grid[1] = gy, fake_grid[2] = gz;
    fake_block[0] = bx, fake_block[1] = by, fake_block[2] = bz;
    fake_shared = shared;
    fake_stream = stream;
    fake_launches++;
    for (int i = 0; i < fake_nparams && i < 64; i++) fake_params[i] = *(uint64_t *)params[i];
    if (strstr(fake_kernel, "saxpy")) run_saxpy(params);
    if (fake_raise_armed) {
        memcpy(fake_errcode, fake_raise, sizeof fake_errcode);
        fake_raise_armed = 0;
    }
    return 0;
}
static uintptr_t next_handle = 0x100;
int cuStreamCreate(void **s, unsigned f) { *s = (void *)next_handle++; return 0; }
int cuStreamSynchronize(void *s) { return 0; }
int cuStreamDestroy_v2(void *s) { return 0; }
int cuEventCreate(void **e, unsigned f) { *e = calloc(1, sizeof(double)); return 0; }
int cuEventRecord(void *e, void *s) { *(double *)e = 1.0 + fake_launches; return 0; }
int cuEventSynchronize(void *e) { return 0; }
int cuEventQuery(void *e) { return 0; }
int cuEventElapsedTime(float *ms, void *a, void *b) {
    *ms = (float)(*(double *)b - *(double *)a);
    return 0;
}
int cuEventDestroy_v2(void *e) { free(e); return 0; }
int cuStreamWaitEvent(void *s, void *e, unsigned f) { return 0; }
int cuGetErrorName(int code, const char **s) { *s = "CUDA_ERROR_FAKE"; return 0; }
