# attobgp — one non-recursive GNU Makefile; each folder adds its own files in a fragment.
#
#   make            build build/attobgp
#   make check      every test (installs missing Debian packages first, when root):
#                   unit, functional, the same under ASan+UBSan, and a short fuzz run
#   make demo       the main job on a built-in default
#   make asan       the same binary and tests built with ASan+UBSan into build-asan/
#   make layering   check that each layer includes only the layers below it
#   make bench      the benchmarks, side by side with ExaBGP

BUILD    ?= build
CC       ?= cc
OPT      ?= -O2
SANITIZE ?=
WERROR   ?= -Werror

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wvla -Wpointer-arith -Wcast-align -Wundef -Wwrite-strings -Wold-style-definition \
            -Wimplicit-fallthrough -Wmissing-declarations -Wredundant-decls -Wnested-externs
CPPFLAGS += -D_GNU_SOURCE -Isrc
CFLAGS   += -std=c17 $(OPT) -g $(WARNINGS) $(WERROR) $(SANITIZE) -MMD -MP
LDFLAGS  += $(SANITIZE)
LDLIBS   +=

.DEFAULT_GOAL := all
.SECONDARY:
.PHONY: all check unit functional demo asan check-asan layering bench fuzz clean deps golden

# Every layer's fragment appends to LIB_SRC (library code) or APP_SRC (main programs).
LIB_SRC :=
APP_SRC :=
include src/core/module.mk
include src/wire/module.mk
include src/model/module.mk
include src/rib/module.mk
include src/config/module.mk
include src/bgp/module.mk
include src/api/module.mk
include src/server/module.mk
include src/app/module.mk

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
APP_OBJ := $(APP_SRC:%.c=$(BUILD)/obj/%.o)
LIB     := $(BUILD)/libattobgp.a

# after LIB: their rules name it as a prerequisite
include tests/module.mk
include tests/tools/module.mk
include bench/module.mk
include fuzz/module.mk

all: $(BUILD)/attobgp

Q := $(if $(V),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/attobgp: $(APP_OBJ) $(LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIB) $(LDLIBS)

deps:
	@scripts/deps.sh test

asan:
	$(MAKE) BUILD=build-asan OPT=-O1 SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all unit-bins

check-asan: asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ATTOBGP_BUILD=build-asan tests/run-all build-asan

check: deps all unit-bins layering
	tests/run-all $(BUILD)
	$(MAKE) check-asan
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

# how long `make check` runs each fuzz target (a smoke run; `make fuzz` defaults to 30 s)
CHECK_FUZZ_SECONDS ?= 15

demo: all
	@scripts/deps.sh demo
	scripts/demo.sh $(BUILD)/attobgp

layering:
	@scripts/layering.sh

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d)
