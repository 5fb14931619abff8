# server layer: the daemon's wiring (configuration -> sessions, the route store as their
# source, reload, events); may include every layer but app
LIB_SRC += $(wildcard src/server/*.c)
