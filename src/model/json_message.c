/* json_message.c — see json_message.h. */
#include "model/json_message.h"

const char *json_shape_version(enum json_shape shape)
{
	return shape == JSON_SHAPE_V4 ? "4.0.1" : "6.0.0";
}

void json_envelope_open(struct json *j, const struct json_envelope *env, const char *type)
{
	json_object_open(j);
	json_key(j, "exabgp");
	json_string(j, json_shape_version(env->shape));
	json_key(j, "time");
	json_double(j, env->time);
	json_key(j, "host");
	json_string(j, env->host ? env->host : "");
	json_key(j, "pid");
	json_int(j, env->pid);
	json_key(j, "ppid");
	json_int(j, env->ppid);
	json_key(j, "counter");
	json_uint(j, env->counter);
	json_key(j, "type");
	json_string(j, type);
	json_key(j, "neighbor");
	json_object_open(j);
	json_key(j, "address");
	json_object_open(j);
	json_key(j, "local");
	json_string(j, env->local_address ? env->local_address : "");
	json_key(j, "peer");
	json_string(j, env->peer_address ? env->peer_address : "");
	json_object_close(j);
	json_key(j, "asn");
	json_object_open(j);
	json_key(j, "local");
	json_uint(j, env->local_as);
	json_key(j, "peer");
	json_uint(j, env->peer_as);
	json_object_close(j);
	if (env->router_id) {
		json_key(j, "router-id");
		json_string(j, env->router_id);
	}
	if (env->direction) {
		json_key(j, "direction");
		json_string(j, env->direction);
	}
}

void json_envelope_close(struct json *j)
{
	json_object_close(j); /* neighbor */
	json_object_close(j); /* message */
}
