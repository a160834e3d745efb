//! Property tests of the normaliser (filled in by the normaliser work).
