package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Visibility;

/**
 * A visibility a {@code .zk} model spells out (not a default), and where: what the command line's
 * {@code --input-visibility}, {@code --param-visibility} and {@code --output-visibility} may override.
 *
 * @param name the input's or output's name; for parameters, the {@code param} that says it first
 *             (all parameters share one visibility)
 * @param location {@code file:line:column} of the keyword
 */
public record DeclaredVisibility(Role role, String name, Visibility visibility, String location) {
    /** What the visibility is of. */
    public enum Role { INPUT, PARAMETERS, OUTPUT }
}
