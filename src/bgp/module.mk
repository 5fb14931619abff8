# bgp layer: the session engine; every .c file here is library code (see design.md for what bgp may include)
LIB_SRC += $(wildcard src/bgp/*.c)
