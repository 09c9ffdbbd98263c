/* fabric-app: the fabric's app (app.h) on the worker threads. Its
 * callbacks only COPY events into the fabric thread's queue (fabric.h):
 * switch up (ports), switch down, port status, packet-ins, barrier
 * replies, and the read-back of a new session's fabric flows (flow stats
 * filtered by the fabric's cookie, fabric-sync.h) and groups (group
 * desc), which it requests at switch up and forwards when both replies
 * are in. Errors the switch sends are logged (rate-limited warnings:
 * they mean a fabric message was refused). Once a second it compares the
 * switch's tx_drops with the last value seen and tells the fabric thread
 * when its send queue dropped messages (fabric_post_send_lost()), which
 * then reads the switch back (fabric_app_readback()) and resynchronises
 * it.
 *
 * The fabric needs OpenFlow 1.3 (groups, several tables). A switch that
 * negotiated another version is handed to the learning switch
 * (l2switch_app()) for its whole session, with one INFO line saying so;
 * the fabric never sees it. Register only this app (not the learning
 * switch as well) when forwarding = fabric.
 *
 * Per-switch state lives in this app's own slot (ofswitch_set_app_slot()),
 * so it never collides with the learning switch's. */
#ifndef KUMO_FABRIC_APP_H
#define KUMO_FABRIC_APP_H 1

#include <stdint.h>

struct app_ops;

/* Milliseconds the switch has to answer each read-back request. */
#define FABRIC_APP_READBACK_TIMEOUT_MS 15000

/* For the fabric thread: asks switch 'dpid''s worker to read back the
 * fabric flows and groups of session 'session' again (the same requests
 * as at switch up; the result comes as a read-back event), queued behind
 * every message sent to it before.  Blocks until the worker has queued
 * the requests.  Returns 0, ENOENT if that session is not connected, or
 * ESHUTDOWN. */
int fabric_app_readback(uint64_t dpid, uint64_t session);

/* The app's callbacks, for core_app_register(). */
const struct app_ops *fabric_app(void);

#endif /* fabric-app.h */
