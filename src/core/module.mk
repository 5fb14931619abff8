# core layer: every .c file here is library code (see design.md for what core may include)
LIB_SRC += $(wildcard src/core/*.c)
