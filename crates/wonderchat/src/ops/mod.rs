//! The operations: each turns typed arguments into the generated request,
//! hands it to the engine, and turns the generated answer into its result.

pub(crate) mod feedback;
