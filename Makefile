# Thin front for CMake. BUILD selects the build directory so several trees
# (debug, asan, fuzz) live side by side.
BUILD ?= build
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)

.PHONY: all check asan asan-check fuzz fuzz-run demo demo-overlay clean
all: $(BUILD)/Makefile
	@$(MAKE) --no-print-directory -C $(BUILD) -j$(JOBS)

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)

# Builds and runs every test; the last line is the summary "N passed, N failed".
check: all
	@tests/run-tests.sh $(BUILD)

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CMAKE_FLAGS="-DKUMO_SANITIZE=ON $(CMAKE_FLAGS)" all

asan-check:
	@$(MAKE) --no-print-directory BUILD=build-asan CMAKE_FLAGS="-DKUMO_SANITIZE=ON $(CMAKE_FLAGS)" check

fuzz:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CMAKE_FLAGS="-DCMAKE_C_COMPILER=clang -DKUMO_FUZZ=ON $(CMAKE_FLAGS)" all

# Bounded fuzz run of every target (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 60
fuzz-run: fuzz
	@tests/fuzz/run-fuzz.sh build-fuzz $(FUZZ_SECONDS)

# Kumo's main job on a real Open vSwitch bridge in namespaces (root).
demo: all
	@KUMO_BUILD=$(abspath $(BUILD)) scripts/demo.sh

# Two tenants across three emulated hypervisors (overlays over OVSDB; root).
# DEMO_KEEP=1 leaves it running and prints how to look around.
demo-overlay: all
	@KUMO_BUILD=$(abspath $(BUILD)) tests/e2e/demo-overlay.sh $(if $(DEMO_KEEP),keep,)

clean:
	rm -rf build build-asan build-fuzz
