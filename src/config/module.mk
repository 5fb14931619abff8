# config layer: ExaBGP's configuration language, the settings API and export (see design.md)
LIB_SRC += $(wildcard src/config/*.c)
