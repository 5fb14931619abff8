# model layer: every .c file here is library code (see design.md for what model may include)
LIB_SRC += $(wildcard src/model/*.c)
