# Test tools: tests/tools/<name>.c, helper programs the functional tests drive, linked against
# the library and built with the unit tests (so `tests/run-all BUILD` finds them in BUILD).
TOOLS_SRC  := $(wildcard tests/tools/*.c)
TOOLS_OBJ  := $(TOOLS_SRC:%.c=$(BUILD)/obj/%.o)
TOOLS_BINS := $(TOOLS_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)

.PHONY: tools-bins
tools-bins: $(TOOLS_BINS)
unit-bins: tools-bins

$(BUILD)/tests/tools/%: $(BUILD)/obj/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

-include $(TOOLS_OBJ:.o=.d)
.SECONDARY: $(TOOLS_OBJ)
