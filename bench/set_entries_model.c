/* A model of the set-based dedup of bench/containers.py (10^6 lookups of (i * 7919) % 100003
 * into a set of 100,003 ints), in C, to weigh a table of 8-byte entries (the int alone, a
 * reserved empty marker) against the runtime's 16-byte ones ({hash, item}), both of CPython's
 * size for that many items (262,144 entries) and probed as CPython does (9 linear probes, then
 * perturbation). The table is reset each call and never grows; dummies are not modelled.
 *
 *     gcc -O2 -o /tmp/set_entries_model bench/set_entries_model.c && /tmp/set_entries_model
 *
 * Prints the best CPU time of 31 calls of each, three times, and their ratio. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define N 1000000
#define SIZE 262144
#define MASK (SIZE-1)
#define LINEAR 9
typedef struct { int64_t hash, key; } E16;
static double now(){ struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t); return t.tv_sec+t.tv_nsec*1e-9; }
static E16 *t16; static int64_t *t8; static int64_t *out;
__attribute__((noinline)) long d16(void){
  for (size_t k=0;k<SIZE;k++){t16[k].hash=-1;t16[k].key=0;}
  long n=0;
  for (int64_t i=0;i<N;i++){
    int64_t x=(int64_t)((uint64_t)i*7919u); x = x<0 ? 100002-((uint64_t)~x)%100003 : ((uint64_t)x)%100003;
    uint64_t perturb=x; size_t j=x&MASK;
    for(;;){
      E16*e=&t16[j];
      if(e->hash==x && e->key==x) goto found;
      if(e->hash==-1){ e->hash=x; e->key=x; out[n++]=x; goto found; }
      /* CPython's linear probes j+1..j+9 (where they fit), then the perturbed step. */
      int hit=0;
      if (j+LINEAR<=MASK){ for(int q=1;q<=LINEAR;q++){E16*f=&t16[j+q]; if(f->hash==x&&f->key==x){hit=1;break;} if(f->hash==-1){f->hash=x;f->key=x;out[n++]=x;hit=1;break;}} if(hit) goto found; }
      perturb>>=5; j=(j*5+1+perturb)&MASK;
    }
    found:;
  }
  return n;
}
#define EMPTY INT64_MIN
__attribute__((noinline)) long d8(void){
  for (size_t k=0;k<SIZE;k++) t8[k]=EMPTY;
  long n=0;
  for (int64_t i=0;i<N;i++){
    int64_t x=(int64_t)((uint64_t)i*7919u); x = x<0 ? 100002-((uint64_t)~x)%100003 : ((uint64_t)x)%100003;
    uint64_t perturb=x; size_t j=x&MASK;
    for(;;){
      int64_t*e=&t8[j];
      if(*e==x) goto found;
      if(*e==EMPTY){ *e=x; out[n++]=x; goto found; }
      int hit=0;
      if (j+LINEAR<=MASK){ for(int q=1;q<=LINEAR;q++){int64_t*f=&t8[j+q]; if(*f==x){hit=1;break;} if(*f==EMPTY){*f=x;out[n++]=x;hit=1;break;}} if(hit) goto found; }
      perturb>>=5; j=(j*5+1+perturb)&MASK;
    }
    found:;
  }
  return n;
}
int main(){
  t16=aligned_alloc(64,SIZE*16); t8=aligned_alloc(64,SIZE*8); out=malloc(N*8);
  for(int r=0;r<3;r++){
    double b16=1e9,b8=1e9; long a=0,b=0;
    for(int k=0;k<31;k++){double t=now(); a=d16(); t=now()-t; if(t<b16)b16=t; t=now(); b=d8(); t=now()-t; if(t<b8)b8=t;}
    printf("16-byte %.2f ms  8-byte %.2f ms  (%ld %ld) ratio %.2f\n", b16*1e3, b8*1e3, a, b, b16/b8);
  }
}
