// libcurl, loaded at run time (dlopen), for FrontDesk's HTTP transport.
//
// Why not `#include <curl/curl.h>` and `-lcurl`: those come with libcurl's development package,
// which a fresh machine lacks, and `swift run frontdesk` must build there. The library itself is
// on every Linux that runs Swift's Foundation (FoundationNetworking is built on it) and on macOS.
// libcurl's ABI is stable (soname 4): the option and error numbers below are curl.h's own.
// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these typed
// wrappers call them correctly from C.
#ifndef FRONTDESK_CCURL_H
#define FRONTDESK_CCURL_H
#include <stddef.h>
#include <stdint.h>

typedef size_t (*fd_data_callback)(char *data, size_t size, size_t count, void *context);
typedef int (*fd_progress_callback)(void *context, int64_t dltotal, int64_t dlnow, int64_t ultotal, int64_t ulnow);
typedef int (*fd_prereq_callback)(void *context, char *primary_ip, char *local_ip, int primary_port, int local_port);

#define FD_CURLOPT_URL 10002
#define FD_CURLOPT_PROTOCOLS_STR 10318
#define FD_CURLOPT_PROTOCOLS 181
#define FD_CURLOPT_FOLLOWLOCATION 52
#define FD_CURLOPT_NOSIGNAL 99
#define FD_CURLOPT_TCP_KEEPALIVE 213
#define FD_CURLOPT_TIMEOUT_MS 155
#define FD_CURLOPT_CONNECTTIMEOUT_MS 156
#define FD_CURLOPT_HTTPHEADER 10023
#define FD_CURLOPT_HTTPGET 80
#define FD_CURLOPT_CUSTOMREQUEST 10036
#define FD_CURLOPT_POSTFIELDSIZE_LARGE 30120
#define FD_CURLOPT_COPYPOSTFIELDS 10165
#define FD_CURLOPT_FRESH_CONNECT 74
#define FD_CURLOPT_FORBID_REUSE 75
#define FD_CURLOPT_WRITEFUNCTION 20011
#define FD_CURLOPT_WRITEDATA 10001
#define FD_CURLOPT_HEADERFUNCTION 20079
#define FD_CURLOPT_HEADERDATA 10029
#define FD_CURLOPT_NOPROGRESS 43
#define FD_CURLOPT_XFERINFOFUNCTION 20219
#define FD_CURLOPT_XFERINFODATA 10057
#define FD_CURLOPT_PREREQFUNCTION 20312
#define FD_CURLOPT_PREREQDATA 10313
#define FD_CURLINFO_RESPONSE_CODE 2097154
#define FD_CURL_GLOBAL_DEFAULT 3
#define FD_CURLE_OK 0
#define FD_CURLE_UNSUPPORTED_PROTOCOL 1
#define FD_CURLE_URL_MALFORMAT 3
#define FD_CURLE_COULDNT_RESOLVE_HOST 6
#define FD_CURLE_COULDNT_CONNECT 7
#define FD_CURLE_WEIRD_SERVER_REPLY 8
#define FD_CURLE_PARTIAL_FILE 18
#define FD_CURLE_WRITE_ERROR 23
#define FD_CURLE_OPERATION_TIMEDOUT 28
#define FD_CURLE_SSL_CONNECT_ERROR 35
#define FD_CURLE_ABORTED_BY_CALLBACK 42
#define FD_CURLE_GOT_NOTHING 52
#define FD_CURLE_SEND_ERROR 55
#define FD_CURLE_RECV_ERROR 56
#define FD_CURLE_SSL_CERTPROBLEM 58
#define FD_CURLE_SSL_CIPHER 59
#define FD_CURLE_PEER_FAILED_VERIFICATION 60
#define FD_CURLE_BAD_CONTENT_ENCODING 61
#define FD_CURLE_SSL_CACERT_BADFILE 77
#define FD_CURLE_SSL_ISSUER_ERROR 83
#define FD_CURLE_SSL_PINNEDPUBKEYNOTMATCH 90
#define FD_CURLE_SSL_INVALIDCERTSTATUS 91

/// Loads libcurl and initialises it, once; 0 when it is usable.
int fd_curl_load(void);
void *fd_easy_init(void);
void fd_easy_cleanup(void *handle);
void fd_easy_reset(void *handle);
int fd_easy_perform(void *handle);
int fd_setopt_long(void *handle, int option, long value);
int fd_setopt_off(void *handle, int option, int64_t value);
int fd_setopt_string(void *handle, int option, const char *value);
int fd_setopt_pointer(void *handle, int option, void *value);
int fd_setopt_data_callback(void *handle, int option, fd_data_callback callback);
int fd_setopt_progress(void *handle, fd_progress_callback callback);
int fd_setopt_prereq(void *handle, fd_prereq_callback callback);
int fd_getinfo_long(void *handle, int info, long *value);
void *fd_slist_append(void *list, const char *line);
void fd_slist_free_all(void *list);

#endif
