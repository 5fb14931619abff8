# Benchmarks: bench/b_<name>.c programs, and bench/run which prints figures side by side with ExaBGP.
BENCH_SRC  := $(wildcard bench/b_*.c)
BENCH_OBJ  := $(BENCH_SRC:%.c=$(BUILD)/obj/%.o)
BENCH_BINS := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: bench-bins
bench-bins: $(BENCH_BINS)

$(BUILD)/bench/%: $(BUILD)/obj/bench/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

bench: all bench-bins
	@scripts/deps.sh bench
	bench/run $(BUILD)
