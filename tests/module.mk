# Unit tests: tests/unit/t_<module>.c, each one TAP-printing program linked against the library.
TEST_SRC  := $(wildcard tests/unit/t_*.c)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BINS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: unit-bins
unit-bins: $(TEST_BINS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)
