package dev.zkmlc.ir;

/**
 * Element types of the graph IR. Models compute in {@link #FLOAT}; {@link #INT64} carries
 * indices and shapes, which the frontends fold into constants before the graph reaches a pass.
 */
public enum DType {
    FLOAT,
    INT64,
    BOOL
}
