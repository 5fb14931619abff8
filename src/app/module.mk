# app layer: thin mains, argument parsing and wiring only
APP_SRC += $(wildcard src/app/*.c)
# attobgp cli: line editing, history and completion (libedit, BSD: doc/dependencies.md)
$(BUILD)/attobgp: LDLIBS += -ledit
