package dev.zkmlc.ir;

/** A graph input: a value the caller supplies at run time. */
public record Input(String name, TensorType type, Visibility visibility) {}
