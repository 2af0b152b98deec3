package dev.zkmlc.frontend.dsl;

/** An evaluated call argument and where it was written, for messages about it. */
record Arg(Value value, Loc loc) {}
