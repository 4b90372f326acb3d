//! Tour section (to be written).

pub fn run() {}
