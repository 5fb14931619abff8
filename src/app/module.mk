# app layer: thin mains, argument parsing and wiring only
APP_SRC += $(wildcard src/app/*.c)
