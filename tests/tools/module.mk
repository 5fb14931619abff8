# Test tools: tests/tools/<name>.c, programs the functional tests drive (built with unit-bins).
TOOL_SRC  := $(wildcard tests/tools/*.c)
TOOL_OBJ  := $(TOOL_SRC:%.c=$(BUILD)/obj/%.o)
TOOL_BINS := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

unit-bins: $(TOOL_BINS)

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(TOOL_OBJ:.o=.d)
