#include "ccurl.h"
#include <dlfcn.h>
#include <pthread.h>

typedef int (*easy_setopt_t)(void *, int, ...);
typedef int (*easy_getinfo_t)(void *, int, ...);

static void *(*p_easy_init)(void);
static void (*p_easy_cleanup)(void *);
static void (*p_easy_reset)(void *);
static int (*p_easy_perform)(void *);
static easy_setopt_t p_easy_setopt;
static easy_getinfo_t p_easy_getinfo;
static void *(*p_slist_append)(void *, const char *);
static void (*p_slist_free_all)(void *);
static int (*p_global_init)(long);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = -1;

static void load(void) {
    static const char *names[] = {
        "libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4", "libcurl-nss.so.4",
        "/usr/lib/libcurl.4.dylib", "libcurl.4.dylib", "libcurl.dylib", 0
    };
    void *lib = 0;
    for (int i = 0; names[i] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;
    p_easy_init = (void *(*)(void))dlsym(lib, "curl_easy_init");
    p_easy_cleanup = (void (*)(void *))dlsym(lib, "curl_easy_cleanup");
    p_easy_reset = (void (*)(void *))dlsym(lib, "curl_easy_reset");
    p_easy_perform = (int (*)(void *))dlsym(lib, "curl_easy_perform");
    p_easy_setopt = (easy_setopt_t)dlsym(lib, "curl_easy_setopt");
    p_easy_getinfo = (easy_getinfo_t)dlsym(lib, "curl_easy_getinfo");
    p_slist_append = (void *(*)(void *, const char *))dlsym(lib, "curl_slist_append");
    p_slist_free_all = (void (*)(void *))dlsym(lib, "curl_slist_free_all");
    p_global_init = (int (*)(long))dlsym(lib, "curl_global_init");
    if (!p_easy_init || !p_easy_cleanup || !p_easy_reset || !p_easy_perform || !p_easy_setopt || !p_easy_getinfo
        || !p_slist_append || !p_slist_free_all || !p_global_init) return;
    loaded = p_global_init(FD_CURL_GLOBAL_DEFAULT);
}

int fd_curl_load(void) {
    pthread_once(&once, load);
    return loaded;
}

void *fd_easy_init(void) { return p_easy_init(); }
void fd_easy_cleanup(void *h) { p_easy_cleanup(h); }
void fd_easy_reset(void *h) { p_easy_reset(h); }
int fd_easy_perform(void *h) { return p_easy_perform(h); }
int fd_setopt_long(void *h, int option, long value) { return p_easy_setopt(h, option, value); }
int fd_setopt_off(void *h, int option, int64_t value) { return p_easy_setopt(h, option, value); }
int fd_setopt_string(void *h, int option, const char *value) { return p_easy_setopt(h, option, value); }
int fd_setopt_pointer(void *h, int option, void *value) { return p_easy_setopt(h, option, value); }
int fd_setopt_data_callback(void *h, int option, fd_data_callback callback) { return p_easy_setopt(h, option, callback); }
int fd_setopt_progress(void *h, fd_progress_callback callback) { return p_easy_setopt(h, FD_CURLOPT_XFERINFOFUNCTION, callback); }
int fd_setopt_prereq(void *h, fd_prereq_callback callback) { return p_easy_setopt(h, FD_CURLOPT_PREREQFUNCTION, callback); }
int fd_getinfo_long(void *h, int info, long *value) { return p_easy_getinfo(h, info, value); }
void *fd_slist_append(void *list, const char *line) { return p_slist_append(list, line); }
void fd_slist_free_all(void *list) { p_slist_free_all(list); }
