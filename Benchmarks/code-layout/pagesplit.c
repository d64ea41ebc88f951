// Preloaded into a profiling run of the dashboard (Benchmarks/code-layout.sh), never into the
// product. The kernel maps a file's pages 64 KiB around each page a process touches ("fault
// around"), so the resident pages of a process overstate the code it ran sixteen-fold. Fault-around
// stays inside one mapping: this splits every loaded object's segments into mappings of one page
// each (alternate pages get a different madvise advice, which the kernel keeps per mapping) and
// drops the pages already resident, so that afterwards exactly the pages the program touches are
// resident. Written in C: it must run before the program's own initialisers, as a constructor.
#define _GNU_SOURCE
#include <link.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int split(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size; (void)data;
    if (info->dlpi_name && (strstr(info->dlpi_name, "pagesplit") || strstr(info->dlpi_name, "linux-vdso"))) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD) continue;
        uintptr_t start = (info->dlpi_addr + p->p_vaddr) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + p->p_vaddr + p->p_filesz) & ~(page - 1);
        for (uintptr_t a = start, n = 0; a < end; a += page, n++)
            if (n & 1) madvise((void *)a, page, MADV_RANDOM);
        // Pages of segments never written are clean copies of the file: dropped, they come back
        // when touched. Writable segments keep theirs (the loader wrote to them).
        if (!(p->p_flags & PF_W) && end > start) madvise((void *)start, end - start, MADV_DONTNEED);
    }
    return 0;
}

__attribute__((constructor)) static void pagesplit_init(void) { dl_iterate_phdr(split, 0); }
