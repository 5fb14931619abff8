/* json_message.c — see json_message.h. */
#include "model/json_message.h"

#include <string.h>

const char *json_shape_version(enum json_shape shape)
{
	return shape == JSON_SHAPE_V4 ? "4.0.1" : "6.0.0";
}

void json_envelope_open(struct json *j, const struct json_envelope *env, const char *type)
{
	json_object_open(j);
	JSON_KEY(j, "exabgp");
	if (env->shape == JSON_SHAPE_V4)
		JSON_STRING(j, "4.0.1");
	else
		JSON_STRING(j, "6.0.0");
	JSON_KEY(j, "time");
	json_time(j, env->time);
	/* ExaBGP's header writes these three with a space before the colon */
	json_key_loose(j, "host");
	json_string(j, env->host ? env->host : "");
	json_key_loose(j, "pid");
	json_int(j, env->pid);
	json_key_loose(j, "ppid");
	json_int(j, env->ppid);
	JSON_KEY(j, "counter");
	json_uint(j, env->counter);
	JSON_KEY(j, "type");
	json_string(j, type);
	JSON_KEY(j, "neighbor");
	json_object_open(j);
	JSON_KEY(j, "address");
	json_object_open(j);
	JSON_KEY(j, "local");
	json_string(j, env->local_address ? env->local_address : "");
	JSON_KEY(j, "peer");
	json_string(j, env->peer_address ? env->peer_address : "");
	json_object_close(j);
	JSON_KEY(j, "asn");
	json_object_open(j);
	JSON_KEY(j, "local");
	json_uint(j, env->local_as);
	JSON_KEY(j, "peer");
	json_uint(j, env->peer_as);
	json_object_close(j);
	if (env->router_id) {
		JSON_KEY(j, "router-id");
		json_string(j, env->router_id);
	}
	/* ExaBGP's neighbour template leaves a space here: "asn": { ... } , "direction": ... */
	json_space(j);
	if (env->direction) {
		/* ExaBGP 4.x says "receive"/"send" where 6 says "in"/"out" */
		const char *direction = env->direction;
		if (env->shape == JSON_SHAPE_V4)
			direction = strcmp(direction, "in") == 0 ? "receive" : strcmp(direction, "out") == 0 ? "send" : direction;
		JSON_KEY(j, "direction");
		json_string(j, direction);
	}
}

void json_envelope_close(struct json *j)
{
	json_object_close(j); /* neighbor */
	json_object_close(j); /* message */
}
