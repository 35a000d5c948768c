/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memviz debug: fault injection for the module's own tests (debug.c).
 */
#ifndef _MEMVIZ_DEBUG_H
#define _MEMVIZ_DEBUG_H

int memviz_debug_init_step(const char *step);
void memviz_debug_attach_pause(void);

#endif /* _MEMVIZ_DEBUG_H */
