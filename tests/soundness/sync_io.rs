//! Placeholder: filled by the sync_io attacks.
