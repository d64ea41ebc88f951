#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include "cloaded.h"

#if defined(__linux__)
#include <link.h>
#include <elf.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

// Written in C: walking the loaded objects' program headers and dynamic sections is what
// <link.h> is for, and Swift's Glibc module does not bring it.

static int drop_one(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    size_t *handled = data;
    const ElfW(Phdr) *dynamic = 0;
    for (int i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_DYNAMIC) dynamic = &info->dlpi_phdr[i];
    if (!dynamic) return 0;
    uintptr_t base = info->dlpi_addr, table = 0, bytes = 0;
    for (const ElfW(Dyn) *d = (const ElfW(Dyn) *)(base + dynamic->p_vaddr); d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_RELA || d->d_tag == DT_REL) table = d->d_un.d_ptr;
        if (d->d_tag == DT_RELASZ || d->d_tag == DT_RELSZ) bytes = d->d_un.d_val;
    }
    if (!table || !bytes) return 0;
    // glibc's loader rewrites these entries to addresses; others leave them as offsets.
    if (table < base) table += base;
    // The table must lie in one loaded segment that is not writable: its pages are then clean
    // copies of the file, never anything this process wrote.
    int clean = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD) continue;
        uintptr_t start = base + p->p_vaddr, end = start + p->p_memsz;
        if (table >= start && table + bytes <= end) clean = !(p->p_flags & PF_W);
    }
    if (!clean) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t from = (table + page - 1) & ~(page - 1), to = (table + bytes) & ~(page - 1);
    if (to > from && madvise((void *)from, to - from, MADV_DONTNEED) == 0) *handled += bytes;
    return 0;
}

size_t fd_drop_relocation_tables(void) {
    size_t handled = 0;
    dl_iterate_phdr(drop_one, &handled);
    return handled;
}

#else
size_t fd_drop_relocation_tables(void) { return 0; }
#endif
