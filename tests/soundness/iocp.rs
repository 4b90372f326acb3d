//! Placeholder: filled by the iocp attacks.
