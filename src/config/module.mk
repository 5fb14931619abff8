# config layer: every .c file here is library code (see design.md for what config may include)
LIB_SRC += $(wildcard src/config/*.c)
