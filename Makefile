# Two commands matter: `make run` (set up, then open the app) and `make test` (set up, then run
# every test headless). Both work on a fresh Debian machine with Python 3.11 and root.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUILD_STAMP := $(VENV)/.installed-build
ARGS ?=
# Shared libraries the Qt xcb platform plugin loads; checked with dpkg, installed only if missing.
QT_SYSTEM_LIBS := libegl1 libgl1 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0 fonts-noto-cjk \
	fonts-noto-color-emoji

# Installs the Debian packages named in $$missing (as root, or through sudo).
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null

.PHONY: run test setup system-libs translations bench dist test-dist clean

run: setup system-libs
	$(PY) -m desktop $(ARGS)

test: setup system-libs
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11（找不到 $(PYTHON)）"; exit 1; }
	@# Debian's own python3.11 ships without ensurepip until python3.11-venv is installed.
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { missing=python3.11-venv; $(APT_INSTALL); }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-libs:
	@command -v dpkg >/dev/null || exit 0; \
	missing=""; for p in $(QT_SYSTEM_LIBS); do \
		dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system libraries Qt needs:$$missing"; $(APT_INSTALL); \
	fi

# Regenerate the zh_CN translation source from the code, then compile it. Edit the .ts with Qt Linguist.
translations: setup
	$(VENV)/bin/pyside6-lupdate $(wildcard ui/*.py) -ts resources/i18n/siyu_zh_CN.ts -no-obsolete -locations none
	$(VENV)/bin/pyside6-lrelease resources/i18n/siyu_zh_CN.ts -qm resources/i18n/siyu_zh_CN.qm

bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m bench --contacts 100000

# The app for people without Python: PyInstaller, one folder dist/siyu/ (docs/packaging.md).
dist: setup system-libs $(BUILD_STAMP)
	rm -rf build/build dist/siyu
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	@echo "dist/siyu: $$(du -sh dist/siyu | cut -f1)（$$(find dist/siyu -type f | wc -l) 个文件）"

# The built app's self-check: a temporary database, demo data, import, search, recompute,
# backup and the window offscreen. Run `make dist` first.
test-dist:
	@test -x dist/siyu/siyu || { echo "找不到 dist/siyu/siyu：请先运行 make dist"; exit 1; }
	QT_QPA_PLATFORM=offscreen dist/siyu/siyu --self-check

$(BUILD_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,build]'
	touch $(BUILD_STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache
