EXTENSION = journey
EXTVERSION = 0.2.0

MODULE_big = journey
DATA = $(wildcard sql/journey--*.sql)

# every C file of src/core (PostgreSQL-free) and src (glue)
CORE_OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/core/*.c)))
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c))) $(CORE_OBJS)

CJSON_CFLAGS := $(shell pkg-config --cflags libcjson)
CJSON_LIBS := $(shell pkg-config --libs libcjson)
PG_CPPFLAGS = -I$(srcdir)/src $(CJSON_CFLAGS)
SHLIB_LINK = $(CJSON_LIBS) -lm

TESTS = $(sort $(wildcard test/sql/*.sql))
REGRESS = $(patsubst test/sql/%.sql,%,$(TESTS))
REGRESS_OPTS = --inputdir=test --load-extension=$(EXTENSION)

UNIT_TESTS = $(patsubst %.c,%,$(wildcard test/unit/test_*.c))
EXTRA_CLEAN = results regression.diffs regression.out $(UNIT_TESTS) test/unit/obj

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: rebuild every object when a header changes
$(OBJS): $(wildcard src/*.h src/core/*.h)

# C unit tests of the PostgreSQL-free core, under ASan and UBSan
UNIT_CC ?= gcc
UNIT_CFLAGS = -std=c11 -g -O1 -Wall -Wextra -Werror -Isrc \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CORE_SRCS = $(CORE_OBJS:.o=.c)

# the core is compiled once for all unit tests (with the sanitizers), then linked into each
UNIT_OBJS = $(patsubst src/core/%.c,test/unit/obj/%.o,$(CORE_SRCS))

test/unit/obj/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p test/unit/obj
	$(UNIT_CC) $(UNIT_CFLAGS) $(CJSON_CFLAGS) -c -o $@ $<

test/unit/test_%: test/unit/test_%.c $(wildcard test/unit/*.h) $(UNIT_OBJS) $(wildcard src/core/*.h)
	$(UNIT_CC) $(UNIT_CFLAGS) $(CJSON_CFLAGS) -o $@ $< $(UNIT_OBJS) $(CJSON_LIBS) -lm

.PHONY: unittest unittest-build
unittest-build: $(UNIT_TESTS)
unittest: $(UNIT_TESTS)
	@for t in $(UNIT_TESTS); do ./$$t || exit 1; done

# libFuzzer targets of the core (clang-14), FUZZ_SECONDS each
FUZZ_SECONDS ?= 20
.PHONY: fuzz
fuzz:
	sh test/fuzz/run.sh $(FUZZ_SECONDS)
