package dev.zkmlc.ir;

/** A graph output: the name of the value it exposes and who may see it. */
public record Output(String name, Visibility visibility) {}
