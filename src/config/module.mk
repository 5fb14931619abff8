# config layer: ExaBGP's configuration language, the settings API, export and safe storage
LIB_SRC += $(wildcard src/config/*.c)
