# Stand-in for the packages feed's python3-package.mk: the paths and helpers a pure
# Python package uses, with this machine's python3 as the host Python.
PYTHON3_VERSION:=3.11
PYTHON3_PKG_DIR:=/usr/lib/python$(PYTHON3_VERSION)/site-packages
HOST_PYTHON3_BIN ?= python3

define Python3/CompileAll
	$(HOST_PYTHON3_BIN) -m compileall -q -r 20 -b -d '/' $(1)
endef

define Python3/DeleteSourceFiles
	$(FIND) $(1) -type f -name '*.py' -delete
endef
