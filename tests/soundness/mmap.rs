//! Placeholder: filled by the mmap attacks.
