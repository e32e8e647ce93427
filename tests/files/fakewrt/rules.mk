# Stand-in for OpenWrt's rules.mk: just what package Makefiles use to install files.
INCLUDE_DIR:=$(TOPDIR)/include
BUILD_DIR ?= $(TOPDIR)/build
INSTALL_DIR:=install -d -m0755
INSTALL_BIN:=install -m0755
INSTALL_DATA:=install -m0644
INSTALL_CONF:=install -m0600
CP:=cp -fpR
FIND:=find
