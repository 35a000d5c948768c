#define MAX_NR_GENS 4U
