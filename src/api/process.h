/* process.h — helper processes, ExaBGP's model (see api.h for the interface the server
 * uses: api_processes_set, api_event_send, api_stop).
 *
 * Each `process NAME { run ...; encoder ...; }` is a child on two pipes: its stdout is
 * read as commands, one per line (api_dispatch, the same dispatcher as the control
 * socket); answers and the events its neighbours select are written to its stdin.
 *
 * Never blocking the loop: both pipe ends are non-blocking and watched by the event loop.
 * The queue to a helper is bounded (api_config.queue_max octets of events): a helper that
 * stops reading loses events beyond it, and that is visible — a warning is logged when it
 * starts losing them, and once its queue has drained to half, the helper itself is told,
 * in its encoder, in order (after the events it got before the loss, before the ones
 * after it):
 *     {"exabgp": "6.0.0", "time": ..., "host": ..., "pid": ..., "ppid": ..., "counter": 0,
 *      "type": "notification", "notification": "overflow", "dropped": N}
 *     text: "overflow dropped N"
 * so it knows its view of the sessions is incomplete (it can ask `rib show in` again).
 * Restarting such a helper was considered and not done: a helper that is merely slow would
 * be killed in a loop, and a restart loses its state as surely as a drop does, without
 * telling it. Answers are never dropped: a helper that does not read its answers is
 * itself not read (its commands wait in its own pipe) until it does.
 *
 * Life: started by api_processes_set; a helper that closes its stdout is just not read
 * any more (`exec cat > log` takes events only); when it exits (or a write finds its
 * stdin closed) whatever it still wrote is read and run, it is reaped
 * (pidfd, or a polling timer where the kernel has none), and it is started again unless
 * its own `respawn false`, exabgp.api.respawn false, or more than respawn_max restarts
 * in respawn_window_ms (ExaBGP: 5 a minute) say otherwise. A helper that ends for good
 * stops the daemon when exabgp.api.terminate is set.
 * Children run in their own process group (a ^C to the daemon's terminal does not reach
 * them), with the daemon's signal mask cleared and TERM=dumb.
 * Must not know: what commands mean, what events say.
 */
#ifndef API_PROCESS_H
#define API_PROCESS_H

#include "api/api.h"

#endif
