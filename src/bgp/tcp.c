/* tcp.c — see tcp.h. */
#include "bgp/tcp.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "wire/family.h"

#define IPTOS_INTERNET_CONTROL 0xc0 /* RFC 791 precedence 6, as BIRD and OpenBGPD mark BGP */

int bgp_tcp_sockaddr(const struct bgp_address *a, uint16_t port, struct sockaddr_storage *ss,
		     socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->afi == AFI_IPV4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		memcpy(&sin->sin_addr, a->addr, 4);
		*len = sizeof(*sin);
		return 0;
	}
	if (a->afi == AFI_IPV6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, a->addr, 16);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

int bgp_tcp_address(const struct sockaddr_storage *ss, struct bgp_address *a, uint16_t *port)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
		a->afi = AFI_IPV4;
		memcpy(a->addr, &sin->sin_addr, 4);
		if (port)
			*port = ntohs(sin->sin_port);
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;
		const uint8_t *b = (const uint8_t *)&sin6->sin6_addr;
		if (memcmp(b, mapped, 12) == 0) {
			a->afi = AFI_IPV4;
			memcpy(a->addr, b + 12, 4);
		} else {
			a->afi = AFI_IPV6;
			memcpy(a->addr, b, 16);
		}
		if (port)
			*port = ntohs(sin6->sin6_port);
		return 0;
	}
	return -1;
}

int bgp_tcp_local(int fd, struct bgp_address *a, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	return bgp_tcp_address(&ss, a, port);
}

int bgp_tcp_remote(int fd, struct bgp_address *a, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	return bgp_tcp_address(&ss, a, port);
}

static int fail(char *err, size_t errlen, const char *what, int fd)
{
	int e = errno;
	snprintf(err, errlen, "%s: %s", what, strerror(e));
	if (fd >= 0)
		close(fd);
	errno = e;
	return -1;
}

int bgp_tcp_md5(int fd, const struct bgp_address *peer, const uint8_t *key, size_t len, char *err,
		size_t errlen)
{
	struct tcp_md5sig md5;
	socklen_t alen;
	memset(&md5, 0, sizeof(md5));
	if (len > TCP_MD5SIG_MAXKEYLEN) {
		snprintf(err, errlen, "md5 key longer than %d octets", TCP_MD5SIG_MAXKEYLEN);
		return -1;
	}
	struct sockaddr_storage ss;
	if (bgp_tcp_sockaddr(peer, 0, &ss, &alen) < 0) {
		snprintf(err, errlen, "md5: no peer address");
		return -1;
	}
	memcpy(&md5.tcpm_addr, &ss, alen);
	md5.tcpm_keylen = (uint16_t)len;
	if (len)
		memcpy(md5.tcpm_key, key, len);
	if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &md5, sizeof(md5)) < 0)
		return fail(err, errlen, "TCP_MD5SIG", -1);
	return 0;
}

/* What every BGP socket gets, whichever way it was made. */
static int common_options(int fd, uint16_t afi, const struct bgp_session_settings *s, char *err,
			  size_t errlen)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	int tos = IPTOS_INTERNET_CONTROL;
	if (afi == AFI_IPV4)
		setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
	if (s->outgoing_ttl) {
		int ttl = s->outgoing_ttl;
		int rc = afi == AFI_IPV4 ? setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))
					 : setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl));
		if (rc < 0)
			return fail(err, errlen, "outgoing-ttl", -1);
	}
	if (s->incoming_ttl) {
		/* RFC 5082 3: drop what arrives with a smaller TTL (hop limit) */
		int min = s->incoming_ttl;
		int rc = afi == AFI_IPV4 ? setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min, sizeof(min))
					 : setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min, sizeof(min));
		if (rc < 0)
			return fail(err, errlen, "incoming-ttl", -1);
	}
	return 0;
}

int bgp_tcp_listen(const struct bgp_address *a, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	if (bgp_tcp_sockaddr(a, port, &ss, &len) < 0) {
		snprintf(err, errlen, "listen: no address");
		return -1;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(err, errlen, "socket", -1);
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->afi == AFI_IPV6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0)
		return fail(err, errlen, "bind", fd);
	if (listen(fd, 64) < 0)
		return fail(err, errlen, "listen", fd);
	return fd;
}

/* Bind fd to the session's local address and port before connecting. 0 or -1. */
static int bind_local(int fd, const struct bgp_session_settings *s, char *err, size_t errlen)
{
	if (!bgp_address_set(&s->local_address) && s->local_port == 0)
		return 0;
	struct bgp_address any;
	memset(&any, 0, sizeof(any));
	any.afi = s->peer_address.afi;
	const struct bgp_address *src = bgp_address_set(&s->local_address) ? &s->local_address : &any;
	if (src->afi != s->peer_address.afi) {
		snprintf(err, errlen, "local-address and peer-address are not of the same family");
		errno = EAFNOSUPPORT;
		return -1;
	}
	struct sockaddr_storage local;
	socklen_t llen = 0;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bgp_tcp_sockaddr(src, s->local_port, &local, &llen);
	if (bind(fd, (struct sockaddr *)&local, llen) < 0)
		return fail(err, errlen, "bind to local-address", -1);
	return 0;
}

int bgp_tcp_connect(const struct bgp_session_settings *s, uint16_t port, char *err, size_t errlen)
{
	struct sockaddr_storage peer;
	socklen_t plen;
	int saved;
	if (bgp_tcp_sockaddr(&s->peer_address, port, &peer, &plen) < 0) {
		snprintf(err, errlen, "connect: no peer address");
		errno = EINVAL;
		return -1;
	}
	int fd = socket(peer.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail(err, errlen, "socket", -1);
	if (common_options(fd, s->peer_address.afi, s, err, errlen) < 0)
		goto out_close_socket;
	/* RFC 2385: the key is in place before the SYN leaves */
	if (s->md5_len && bgp_tcp_md5(fd, &s->peer_address, s->md5_key, s->md5_len, err, errlen) < 0)
		goto out_close_socket;
	if (bind_local(fd, s, err, errlen) < 0)
		goto out_close_socket;
	if (connect(fd, (struct sockaddr *)&peer, plen) < 0 && errno != EINPROGRESS) {
		fail(err, errlen, "connect", -1);
		goto out_close_socket;
	}
	return fd;

out_close_socket:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int bgp_tcp_connected(int fd)
{
	int e = 0;
	socklen_t len = sizeof(e);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}

int bgp_tcp_accepted(int fd, const struct bgp_session_settings *s, char *err, size_t errlen)
{
	int flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
		return fail(err, errlen, "O_NONBLOCK", -1);
	return common_options(fd, s->peer_address.afi, s, err, errlen);
}
