#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include "cloaded.h"

#if defined(__linux__)
#include <link.h>
#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <string.h>
#include <unistd.h>

// Written in C: walking the loaded objects' program headers and dynamic sections is what
// <link.h> is for, and Swift's Glibc module does not bring it.

static int patched_by_loader(const struct dl_phdr_info *info) {
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_DYNAMIC) continue;
        for (const ElfW(Dyn) *d = (const ElfW(Dyn) *)(info->dlpi_addr + p->p_vaddr); d->d_tag != DT_NULL; d++)
            if (d->d_tag == DT_TEXTREL || (d->d_tag == DT_FLAGS && (d->d_un.d_val & DF_TEXTREL))) return 1;
    }
    return 0;
}

static int give_back_one(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    size_t *handled = data;
    // The vDSO is the kernel's, not a file's: its program headers lie in the image the kernel
    // mapped at AT_SYSINFO_EHDR.
    uintptr_t vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    if (vdso && (uintptr_t)info->dlpi_phdr >= vdso && (uintptr_t)info->dlpi_phdr < vdso + 4096) return 0;
    if (info->dlpi_name && strstr(info->dlpi_name, "linux-vdso")) return 0;
    if (patched_by_loader(info)) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || (p->p_flags & PF_W)) continue;
        // Whole pages inside the segment: a page it shares with a writable neighbour is kept.
        uintptr_t start = info->dlpi_addr + p->p_vaddr, end = start + p->p_filesz;
        uintptr_t from = (start + page - 1) & ~(page - 1), to = end & ~(page - 1);
        if (to > from && madvise((void *)from, to - from, MADV_DONTNEED) == 0) *handled += to - from;
    }
    return 0;
}

size_t fd_give_back_read_only_pages(void) {
    size_t handled = 0;
    dl_iterate_phdr(give_back_one, &handled);
    return handled;
}

#else
size_t fd_give_back_read_only_pages(void) { return 0; }
#endif
