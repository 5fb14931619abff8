# Fuzz targets: fuzz/f_<parser>.c, libFuzzer entry points built with clang into build-fuzz/.
FUZZ_SRC := $(wildcard fuzz/f_*.c)

.PHONY: fuzz-bins
fuzz-bins:
	@scripts/build-fuzz.sh $(FUZZ_SRC)

fuzz: fuzz-bins
	@FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-fuzz.sh

FUZZ_SECONDS ?= 30
