# Stand-in for OpenWrt's package.mk: "prepare" runs Build/Prepare; every BuildPackage
# NAME gets a target install-NAME that runs Package/NAME/install into $(ROOT)/NAME.
PKG_BUILD_DIR ?= $(BUILD_DIR)/$(PKG_NAME)-$(PKG_VERSION)

prepare:
	rm -rf $(PKG_BUILD_DIR)
	$(Build/Prepare)
	$(Build/Compile)

define BuildPackage
install-$(1): prepare
	rm -rf $$(ROOT)/$(1)
	$$(call Package/$(1)/install,$$(ROOT)/$(1))
endef
