/* tcp.h — the sockets of BGP: listening, connecting, and the options a session asks for.
 *
 * Owns: non-blocking TCP sockets for IPv4 and IPv6, TCP MD5 signatures (RFC 2385,
 * TCP_MD5SIG keyed by the peer's address), TTL security (RFC 5082: IP_TTL /
 * IPV6_UNICAST_HOPS on what we send, IP_MINTTL / IPV6_MINHOPCOUNT on what we accept),
 * TCP_NODELAY and the Internet Control precedence (BGP is control traffic), and turning
 * socket addresses into struct bgp_address (IPv4-mapped IPv6 addresses become IPv4).
 * Must not know: BGP messages, sessions, the event loop.
 *
 * Errors return -1 with a sentence in err (the caller logs it and retries later).
 */
#ifndef BGP_TCP_H
#define BGP_TCP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "bgp/settings.h"

/* The socket address of a, port. 0, or -1 when a is not set. */
int bgp_tcp_sockaddr(const struct bgp_address *a, uint16_t port, struct sockaddr_storage *ss,
		     socklen_t *len);
/* The address and port of a socket address (IPv4-mapped IPv6 becomes IPv4). 0 or -1. */
int bgp_tcp_address(const struct sockaddr_storage *ss, struct bgp_address *a, uint16_t *port);
/* The local / remote end of a connected socket. 0 or -1. */
int bgp_tcp_local(int fd, struct bgp_address *a, uint16_t *port);
int bgp_tcp_remote(int fd, struct bgp_address *a, uint16_t *port);

/* A listening socket on a:port (port 0: any; read it back with bgp_tcp_local). IPv6
 * sockets are IPv6 only, so IPv4 and IPv6 listeners can share a port. */
int bgp_tcp_listen(const struct bgp_address *a, uint16_t port, char *err, size_t errlen);

/* Start connecting to the session's peer on port, from its local address (and local
 * port), with its MD5 key and outgoing TTL set before the SYN. Returns the fd (connect in
 * progress: wait until writable, then bgp_tcp_connected), or -1. */
int bgp_tcp_connect(const struct bgp_session_settings *s, uint16_t port, char *err, size_t errlen);
/* The outcome of a non-blocking connect: 0, or the errno it failed with. */
int bgp_tcp_connected(int fd);

/* Options for a connection accepted from the session's peer (TTLs, no delay). 0 or -1. */
int bgp_tcp_accepted(int fd, const struct bgp_session_settings *s, char *err, size_t errlen);

/* Install (len > 0) or remove (len 0) the TCP MD5 key for peer on fd: on a listening
 * socket before the peer's SYN can arrive, on our own before connect(). 0 or -1. */
int bgp_tcp_md5(int fd, const struct bgp_address *peer, const uint8_t *key, size_t len, char *err,
		size_t errlen);

#endif
