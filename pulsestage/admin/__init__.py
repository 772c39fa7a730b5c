"""Administration: tenant settings, audit trail, exports, status."""
