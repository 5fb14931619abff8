# api layer: helper processes, the control socket, the command dispatcher (see design.md
# for what api may include: core, wire, model, rib and itself)
LIB_SRC += $(wildcard src/api/*.c)
# tests/functional/api_bench.t runs the API benchmark at a small scale
unit-bins: $(BUILD)/bench/b_api
