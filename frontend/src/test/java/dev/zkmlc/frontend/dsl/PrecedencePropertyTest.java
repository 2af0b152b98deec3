package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.ir.Graph;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trip through the grammar: a random expression tree printed with the fewest parentheses
 * that Python's precedence and left associativity need, and printed with every subexpression
 * parenthesised, must compile to the same graph.
 */
class PrecedencePropertyTest {
    private sealed interface Tree permits Leaf, Neg, Bin {}

    private record Leaf(String name) implements Tree {}

    private record Neg(Tree operand) implements Tree {}

    private record Bin(String op, Tree left, Tree right) implements Tree {}

    private static Tree random(Random rnd, int depth) {
        int pick = depth == 0 ? 0 : rnd.nextInt(6);
        if (pick == 0) {
            return new Leaf(new String[] {"a", "b", "c"}[rnd.nextInt(3)]);
        }
        if (pick == 1) {
            return new Neg(random(rnd, depth - 1));
        }
        String op = new String[] {"+", "-", "*", "/", "@"}[rnd.nextInt(5)];
        return new Bin(op, random(rnd, depth - 1), random(rnd, depth - 1));
    }

    private static int precedence(Tree t) {
        if (t instanceof Bin b) {
            return b.op().equals("+") || b.op().equals("-") ? 1 : 2;
        }
        return t instanceof Neg ? 3 : 4;
    }

    private static String minimal(Tree t) {
        if (t instanceof Leaf l) {
            return l.name();
        }
        if (t instanceof Neg n) {
            String inner = minimal(n.operand());
            return "-" + (precedence(n.operand()) < 3 ? "(" + inner + ")" : inner);
        }
        Bin b = (Bin) t;
        String left = minimal(b.left());
        String right = minimal(b.right());
        if (precedence(b.left()) < precedence(b)) {
            left = "(" + left + ")";
        }
        if (precedence(b.right()) <= precedence(b)) {
            right = "(" + right + ")";
        }
        return left + " " + b.op() + " " + right;
    }

    private static String full(Tree t) {
        if (t instanceof Leaf l) {
            return l.name();
        }
        if (t instanceof Neg n) {
            return "(-" + full(n.operand()) + ")";
        }
        Bin b = (Bin) t;
        return "(" + full(b.left()) + " " + b.op() + " " + full(b.right()) + ")";
    }

    private static String graphWithoutLocations(String expr) {
        Graph g = ZkFrontend.compileSource("p.zk", "model p {\n    input a: [2, 2]\n    input b: [2, 2]\n"
                + "    input c: [2, 2]\n    output y = " + expr + "\n}\n", Path.of("."));
        return g.toString().replaceAll(" *# .*", "");
    }

    @Test
    void minimalAndFullParenthesesParseAlike() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
            Tree t = random(new Random(seed), 4);
            String minimal = minimal(t);
            if (t instanceof Leaf) {
                return;
            }
            assertEquals(graphWithoutLocations(full(t)), graphWithoutLocations(minimal), minimal);
        });
    }

    @Test
    void aKnownCase() {
        assertEquals(graphWithoutLocations("((a - b) - (c * (-a)))"), graphWithoutLocations("a - b - c * -a"));
        assertEquals(graphWithoutLocations("(-(a @ b))"), graphWithoutLocations("-(a @ b)"));
        assertEquals(graphWithoutLocations("((-a) @ b)"), graphWithoutLocations("-a @ b"));
    }
}
