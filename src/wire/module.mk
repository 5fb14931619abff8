# wire layer: every .c file here is library code (see design.md for what wire may include)
LIB_SRC += $(wildcard src/wire/*.c)
