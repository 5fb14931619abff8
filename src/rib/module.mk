# rib layer: every .c file here is library code (see design.md for what rib may include)
LIB_SRC += $(wildcard src/rib/*.c)
