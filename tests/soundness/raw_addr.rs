//! Placeholder: filled by the raw_addr attacks.
