# rib layer: every .c file here is library code (see design.md for what rib may include)
LIB_SRC += $(wildcard src/rib/*.c)
# tests/functional/store.t runs the store benchmark at 100k scale in every build (the
# sanitizer one included: `make asan` builds all unit-bins), so the test binaries bring it
unit-bins: $(BUILD)/bench/b_store
