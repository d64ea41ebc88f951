// Pages of the loaded objects that only the start used, given back to the system.
#ifndef FD_CLOADED_H
#define FD_CLOADED_H

#include <stddef.h>

/// For every object loaded now (the program and its libraries, not the kernel's vDSO), drops from
/// this process the resident pages of each loaded segment that is not writable: code, read-only
/// data and the relocation tables the loader read once. They are clean pages of the files, never
/// written (objects whose code the loader patches, DT_TEXTREL, are left alone), so nothing is
/// lost: a page touched again is mapped again from the page cache, as after the kernel reclaimed it
/// under memory pressure, which it may do to such pages at any time. What the start alone used
/// (the loader's tables, libraries' initialisers, the first screen's setup) stays out of the
/// process; what it goes on using comes back. Returns the bytes of the segments handled (0 where
/// the system has no dl_iterate_phdr).
size_t fd_give_back_read_only_pages(void);

#endif
