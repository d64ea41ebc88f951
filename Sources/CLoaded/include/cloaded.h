// The dynamic loader's relocation tables, given back once they have been applied.
#ifndef FD_CLOADED_H
#define FD_CLOADED_H

#include <stddef.h>

/// For every object loaded now (the program and its libraries), drops the resident pages of its
/// relocation table (DT_RELA / DT_REL and their sizes) from this process: the loader read them
/// once, at load, and nothing reads them again (lazy PLT bindings use DT_JMPREL, which is kept).
/// Only whole pages inside the table, in a segment that is not writable, are dropped: they are
/// clean pages of the file, read again from it should anything touch them. Returns the bytes of
/// tables handled (0 where the system has no dl_iterate_phdr).
size_t fd_drop_relocation_tables(void);

#endif
