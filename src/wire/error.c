/* error.c — see error.h. */
#include "wire/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void wire_error_clear(struct wire_error *err)
{
	memset(err, 0, sizeof(*err));
}

int wire_error_set(struct wire_error *err, enum wire_action action, uint8_t code, uint8_t subcode,
		   size_t offset, const char *fmt, ...)
{
	if (err == NULL)
		return action == WIRE_SESSION_RESET ? -1 : 0;
	err->count++;
	if (action > err->action) {
		va_list ap;
		err->action = action;
		err->code = code;
		err->subcode = subcode;
		err->offset = (uint32_t)offset;
		err->data_offset = 0;
		err->data_len = 0;
		va_start(ap, fmt);
		vsnprintf(err->why, sizeof(err->why), fmt, ap);
		va_end(ap);
	}
	return err->action == WIRE_SESSION_RESET ? -1 : 0;
}

const char *wire_action_name(enum wire_action action)
{
	switch (action) {
	case WIRE_OK:
		return "none";
	case WIRE_ATTR_DISCARD:
		return "attribute-discard";
	case WIRE_TREAT_AS_WITHDRAW:
		return "treat-as-withdraw";
	case WIRE_SESSION_RESET:
		return "session-reset";
	}
	return "unknown";
}
