/* fabric-ctl: registers the fabric's control-socket commands:
 *   "topology"      switches (ports and their kind), links (ports, state,
 *                   flooding tree), hosts (attachment point, addresses),
 *                   and discovery progress (n_links, change_seq);
 *   "path SRC DST"  the hops between two hosts (MAC, IPv4 or IPv6) now,
 *                   with equal-cost alternatives and the backup next hop;
 * and the "fabric" section of "counters". The results are described in
 * fabric-show.h. */
#ifndef KUMO_FABRIC_CTL_H
#define KUMO_FABRIC_CTL_H 1

/* Registers the commands; call before ctl_server_start(). */
void fabric_ctl_register(void);

#endif /* fabric-ctl.h */
