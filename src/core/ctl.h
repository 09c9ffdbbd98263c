/* ctl: kumod's control socket server. A unix stream socket (mode 0600)
 * served by its own thread with its own epoll loop; the protocol is in
 * ctl-proto.h, the commands in ctl-cmd.h. Besides the commands every module
 * may register, the server provides those that read the core: "switches",
 * "ports DPID", "flows DPID", "macs DPID", "counters" and "shutdown".
 * Handlers run one at a time on the control thread and reach switches only
 * through core's snapshot and cross-thread request API (app.h), never
 * directly. */
#ifndef KUMO_CORE_CTL_H
#define KUMO_CORE_CTL_H 1

struct ctl_server;

/* How long "flows DPID" waits for the switch's flow stats reply. */
#define CTL_FLOWS_TIMEOUT_MS 10000

/* Creates the directory of 'path' if needed, listens on the unix socket
 * 'path' (replacing a stale socket file, refusing if another daemon is
 * listening there or the path is not a socket), registers the built-in
 * commands and serves them from a new thread. Returns the server (caller
 * owns; ctl_server_stop() frees), or NULL with '*errorp' set (caller
 * frees). */
struct ctl_server *ctl_server_start(const char *path, char **errorp);

/* Stops and joins the server thread, closes every connection, unlinks the
 * socket and frees 'server'. Accepts NULL. */
void ctl_server_stop(struct ctl_server *server);

#endif /* ctl.h */
