package dev.zkmlc.frontend.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken programs, each with the exact message and location a user sees. */
class ErrorsTest {
    @TempDir
    Path dir;

    /** The error {@code program} fails with; when it parses, its canonical form must fail too. */
    private DslException error(String program) {
        DslException e = assertThrows(DslException.class, () -> ZkFrontend.compileSource("m.zk", program, dir));
        String printed;
        try {
            printed = RoundTrip.checkSyntax("m.zk", program);
        } catch (DslException | StackOverflowError unparsable) {
            return e;
        }
        assertThrows(DslException.class, () -> ZkFrontend.compileSource("m.zk", printed, dir), printed);
        return e;
    }

    private void assertError(String program, int line, int column, String problem) {
        DslException e = error(program);
        assertEquals(problem, e.problem(), e.getMessage());
        assertEquals("m.zk", e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
    }

    @Test
    void messageShowsTheSourceLineAndACaret() {
        DslException e = error("""
                model m {
                    input x: [1, 4] private
                    output y = relu(x @ ) public
                }
                """);
        assertEquals("m.zk:3:25: syntax error: unexpected ')', expected an expression\n"
                + "    output y = relu(x @ ) public\n"
                + "                        ^", e.getMessage());
    }

    @Test
    void caretFollowsTabs() {
        DslException e = error("model m {\n\tinput x: [1, 4] private\n\toutput y = relu(z) public\n}\n");
        assertEquals("m.zk:3:18: unknown name 'z' (did you mean 'x'?)\n\toutput y = relu(z) public\n\t                ^",
                e.getMessage());
    }

    @Test
    void unexpectedCharacter() {
        assertError("model m {\n    input x: [1, 4] private $\n}\n", 2, 29,
                "syntax error: unexpected character '$', expected one of '}', 'input', 'param', 'let' or 'output'");
    }

    @Test
    void unexpectedEndOfFile() {
        assertError("model m {\n    input x: [1, 4] private\n\n", 2, 28,
                "syntax error: unexpected end of file, expected one of '}', 'input', 'param', 'let' or 'output'");
    }

    @Test
    void missingShapeBracket() {
        assertError("model m {\n    input x: 1, 4] private\n}\n", 2, 14, "syntax error: unexpected '1', expected '['");
    }

    @Test
    void misspeltKeyword() {
        assertError("model m {\n    input x: [1, 2] privat\n    output x\n}\n", 2, 21, "syntax error: unexpected 'privat', "
                + "expected one of '}', 'input', 'param', 'let' or 'output' (did you mean 'private'?)");
    }

    @Test
    void functionWithoutReturn() {
        assertError("fn f(x) {\n    let y = x\n}\nmodel m {\n    input x: [1, 2]\n    output x\n}\n", 3, 1,
                "syntax error: unexpected '}', expected one of 'return' or 'let'");
    }

    @Test
    void weightFileNameWithoutQuotes() {
        assertError("model m {\n    input x: [1, 2]\n    param w from w.npy\n    output y = x\n}\n", 3, 18,
                "syntax error: unexpected 'w', expected a file name in quotes");
    }

    @Test
    void missingName() {
        assertError("model m {\n    input x: [1, 2]\n    let = 3\n    output x\n}\n", 3, 9,
                "syntax error: unexpected '=', expected a name");
    }

    @Test
    void unknownFunctionSuggestsTheNearest() {
        assertError("""
                import std.nn
                model m {
                    input x: [1, 1, 8, 8] private
                    param w: [2, 1, 3, 3] = 0.5
                    let y = con2d(x, w, [0.0, 0.0])
                    output y public
                }
                """, 5, 13, "unknown function 'con2d' (did you mean 'conv2d'?)");
    }

    @Test
    void unknownNameSuggestsTheNearest() {
        assertError("""
                model m {
                    input image: [1, 4] private
                    output y = relu(imgae) public
                }
                """, 3, 21, "unknown name 'imgae' (did you mean 'image'?)");
    }

    @Test
    void unknownNameWithNothingNear() {
        assertError("""
                model m {
                    input image: [1, 4] private
                    output y = relu(weights) public
                }
                """, 3, 21, "unknown name 'weights'");
    }

    @Test
    void missingImportIsNamed() {
        assertError("""
                model m {
                    input x: [1, 4] private
                    param w: [4, 2] = [1, 2, 3, 4, 5, 6, 7, 8]
                    param b: [2] = [0.5, -1.0]
                    output y = dense(x, w, b) public
                }
                """, 5, 16, "unknown function 'dense': it is defined in std.nn (add 'import std.nn' at the top of the file)");
    }

    @Test
    void unknownModuleQualifier() {
        assertError("import std.nn\nmodel m {\n    input x: [1, 2]\n    output y = mn.silu(x)\n}\n", 4, 16,
                "unknown module 'mn' (did you mean 'nn'?)");
    }

    @Test
    void unknownFunctionInAModule() {
        assertError("import std.nn\nmodel m {\n    input x: [1, 2]\n    output y = nn.sliu(x)\n}\n", 4, 19,
                "std.nn has no function 'sliu' (did you mean 'silu'?)");
    }

    @Test
    void twoModulesUnderOneName() throws IOException {
        Files.writeString(dir.resolve("nn.zk"), "fn f(x) = x\n");
        assertError("import std.nn\nimport nn\nmodel m {\n    input x: [1, 2]\n    output y = f(x)\n}\n", 2, 8,
                "'nn' already names std.nn; import this one under another name, as in 'import nn as other'");
    }

    @Test
    void unknownStandardModule() {
        assertError("import std.nnn\nmodel m {\n    input x: [1, 4] private\n    output y = relu(x) public\n}\n", 1, 8,
                "no module 'std.nnn' in the standard library (did you mean 'std.nn'?); it has std.nn, std.attention");
    }

    @Test
    void missingUserModule() {
        assertError("import layers\nmodel m {\n    input x: [1, 4] private\n    output y = relu(x) public\n}\n", 1, 8,
                "cannot find module 'layers' (looked for " + dir.resolve("layers.zk") + ")");
    }

    @Test
    void shapeMismatchInAnOperator() {
        assertError("""
                model m {
                    input x: [1, 4] private
                    param b: [3] = [1, 2, 3]
                    output y = x + b public
                }
                """, 4, 18, "'+': shapes [1, 4] and [3] do not broadcast");
    }

    @Test
    void shapeMismatchInsideTheStandardLibraryIsReportedAtTheCall() {
        assertError("""
                import std.nn
                model m {
                    input x: [1, 4] private
                    param w: [3, 2] = [1, 2, 3, 4, 5, 6]
                    param b: [2] = [0.5, -1.0]
                    output y = dense(x, w, b) public
                }
                """, 6, 16, "'@': inner dimensions differ: [1, 4] x [3, 2] (in std.nn.dense, at std/nn.zk:7:23)");
    }

    @Test
    void shapeMismatchInABuiltin() {
        assertError("""
                model m {
                    input x: [1, 3, 8, 8] private
                    param w: [2, 1, 3, 3] = 0.5
                    output y = conv(x, w) public
                }
                """, 4, 16, "conv: channels 3 and weight [2, 1, 3, 3] do not fit group 1");
    }

    @Test
    void tooManyArguments() {
        assertError("""
                import std.nn
                model m {
                    input x: [1, 4] private
                    param w: [4, 2] = [1, 2, 3, 4, 5, 6, 7, 8]
                    param b: [2] = [0.5, -1.0]
                    output y = dense(x, w, b, 3) public
                }
                """, 6, 31, "dense() takes 3 arguments, got 4 positional");
    }

    @Test
    void missingArgument() {
        assertError("""
                import std.nn
                model m {
                    input x: [1, 4] private
                    param w: [4, 2] = 0.5
                    output y = dense(x, w) public
                }
                """, 5, 16, "dense() is missing argument 'b'; its parameters are (x, w, b)");
    }

    @Test
    void missingArgumentOfABuiltin() {
        assertError("model m {\n    input x: [1, 4] private\n    output y = reshape(x) public\n}\n", 3, 16,
                "reshape() is missing argument 'shape'; its parameters are (x, shape)");
    }

    @Test
    void misspeltNamedArgument() {
        assertError("""
                import std.nn
                model m {
                    input x: [1, 1, 8, 8] private
                    param w: [2, 1, 3, 3] = 0.5
                    output y = conv2d(x, w, [0.0, 0.0], strid = 2) public
                }
                """, 5, 41, "conv2d() has no parameter 'strid' (did you mean 'stride'?); "
                        + "its parameters are (x, w, b, stride, pad, dilation, groups)");
    }

    @Test
    void argumentGivenTwice() {
        assertError("model m {\n    input x: [1, 4] private\n    output y = softmax(x, -1, axis = 0) public\n}\n", 3, 31,
                "argument 'axis' of softmax() is given twice");
    }

    @Test
    void wrongArgumentType() {
        assertError("model m {\n    input x: [1, 4] private\n    output y = softmax(x, axis = 0.5) public\n}\n", 3, 27,
                "argument 'axis' of softmax() must be an integer, got the number 0.5");
    }

    @Test
    void badReshape() {
        assertError("model m {\n    input x: [1, 6] private\n    output y = reshape(x, [4, -1]) public\n}\n", 3, 16,
                "reshape(): cannot reshape [1, 6] (6 elements) to [4, -1]");
    }

    @Test
    void weightFileNotFound() {
        assertError("model m {\n    input x: [1, 4] private\n    param w: [4, 2] from \"w.npy\"\n    output y = x @ w public\n}\n",
                3, 26, "weight file \"w.npy\" not found (looked for " + dir.resolve("w.npy") + ")");
    }

    @Test
    void weightFileThatIsNotNpy() throws IOException {
        Files.writeString(dir.resolve("w.npy"), "hello");
        assertError("model m {\n    input x: [1, 4] private\n    param w: [4, 2] from \"w.npy\"\n    output y = x @ w public\n}\n",
                3, 26, "weight file \"w.npy\": not a .npy file (bad magic)");
    }

    @Test
    void weightFileOfAnotherDtype() throws IOException {
        Files.write(dir.resolve("w.npy"), NpyReaderTest.npy(1, "<i8", "(4, 2)", new byte[64]));
        assertError("model m {\n    input x: [1, 4] private\n    param w: [4, 2] from \"w.npy\"\n    output y = x @ w public\n}\n",
                3, 26, "weight file \"w.npy\": unsupported dtype '<i8' (zkmlc reads little-endian float32 '<f4' and "
                        + "float64 '<f8'; use array.astype(numpy.float32))");
    }

    @Test
    void weightFileOfAnotherShape() throws IOException {
        Files.write(dir.resolve("w.npy"), NpyReaderTest.npy(1, "<f4", "(2, 4)", new byte[32]));
        assertError("model m {\n    input x: [1, 4] private\n    param w: [4, 2] from \"w.npy\"\n    output y = x @ w public\n}\n",
                3, 14, "param 'w' is declared [4, 2] but \"w.npy\" holds [2, 4]");
    }

    @Test
    void weightFileWithANaN() throws IOException {
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(Float.NaN).array();
        Files.write(dir.resolve("w.npy"), NpyReaderTest.npy(1, "<f4", "(2,)", data));
        assertError("model m {\n    input x: [1, 2] private\n    param w from \"w.npy\"\n    output y = x * w public\n}\n",
                3, 18, "weight file \"w.npy\": element 1 is NaN; weights must be finite");
    }

    @Test
    void inlineParamOfTheWrongSize() {
        assertError("model m {\n    input x: [1, 2] private\n    param b: [2] = [1, 2, 3]\n    output y = x + b public\n}\n",
                3, 14, "param 'b' is declared [2] but its value is [3]");
    }

    @Test
    void raggedConstant() {
        assertError("model m {\n    input x: [2, 2] private\n    output y = x + [[1, 2], [3]] public\n}\n", 3, 18,
                "a constant tensor needs a rectangular list: found rows of 2 and 1 items");
    }

    @Test
    void rebindingAName() {
        assertError("model m {\n    input x: [1, 4] private\n    let x = relu(x)\n    output x public\n}\n", 3, 9,
                "'x' is already defined at line 2 (names cannot be rebound; choose another name)");
    }

    @Test
    void functionsDoNotSeeTheModelsNames() {
        assertError("""
                fn scale(x) = x * w
                model m {
                    input x: [1, 2] private
                    param w: [2] = [1, 2]
                    output y = scale(x) public
                }
                """, 1, 19, "unknown name 'w': a function sees only its parameters and its own lets (pass 'w' as an argument)");
    }

    @Test
    void recursionIsRefused() {
        assertError("""
                fn f(x) = f(x)
                model m {
                    input x: [1, 2] private
                    output y = f(x) public
                }
                """, 1, 11, "recursive call to f(): functions are inlined at compile time, so they cannot call themselves");
    }

    @Test
    void redefiningABuiltin() {
        assertError("fn relu(x) = x\nmodel m {\n    input x: [1, 2] private\n    output y = relu(x) public\n}\n", 1, 4,
                "'relu' is a builtin and cannot be redefined");
    }

    @Test
    void aFunctionUsedAsAValue() {
        assertError("model m {\n    input x: [1, 2] private\n    output y = x + relu public\n}\n", 3, 20,
                "'relu' is a function; call it with arguments, as in relu(x)");
    }

    @Test
    void noOutput() {
        assertError("model m {\n    input x: [1, 2] private\n}\n", 1, 7,
                "model 'm' has no output; add one, as in 'output y public'");
    }

    @Test
    void noModel() {
        assertError("fn f(x) = x\n", 1, 1, "no model in this file; a model is declared as 'model name { ... }'");
    }

    @Test
    void outputThatIsNotATensor() {
        assertError("model m {\n    input x: [1, 2] private\n    let n = dim(x, 1)\n    output n public\n}\n", 4, 12,
                "an output must be a tensor, 'n' is the integer 2");
    }

    @Test
    void theSameValueOutputTwice() {
        assertError("model m {\n    input x: [1, 2]\n    let h = relu(x)\n    output a = h\n    output b = h\n}\n", 5, 12,
                "'b' is the same value as the output 'a'; a value is output once");
    }

    @Test
    void parametersDisagreeingOnTheirVisibility() {
        assertError("model m {\n    input x: [1, 2]\n    param a: [2] = 1.0 public\n    param b: [2] = 0.0 hashed\n"
                + "    output y = x + a + b\n}\n", 4, 24,
                "all parameters of a model share one visibility; this one is hashed but line 3 says public");
    }

    @Test
    void fixedInputsAndOutputs() {
        assertError("model m {\n    input x: [1, 2] fixed\n    output y = relu(x)\n}\n", 2, 21,
                "an input cannot be fixed: 'fixed' is for weights, which are known at compile time; use public, private or hashed");
        assertError("model m {\n    input x: [1, 2]\n    output y = relu(x) fixed\n}\n", 3, 24,
                "an output cannot be fixed: 'fixed' is for weights, which are known at compile time; use public, private or hashed");
    }

    @Test
    void indexOutOfRange() {
        assertError("model m {\n    input x: [2, 3] private\n    output y = x[0, 3] public\n}\n", 3, 21,
                "index 3 is out of range for axis 1 of a tensor [2, 3]");
    }

    @Test
    void integerDivisionOfTensors() {
        assertError("model m {\n    input x: [2, 3] private\n    output y = x // 2 public\n}\n", 3, 18,
                "'//' divides compile-time integers; divide tensors with '/'");
    }

    @Test
    void importCycle() throws IOException {
        Files.writeString(dir.resolve("a.zk"), "import b\nfn fa(x) = x\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("b.zk"), "import a\nfn fb(x) = x\n", StandardCharsets.UTF_8);
        DslException e = error("import a\nmodel m {\n    input x: [1, 2] private\n    output y = fa(x) public\n}\n");
        assertEquals("import cycle: a -> b -> a", e.problem());
        assertEquals(dir.resolve("b.zk").toString(), e.file());
        assertEquals(1, e.line());
    }

    @Test
    void absurdNestingIsAnErrorNotACrash() {
        String deep = "(".repeat(300_000) + "x" + ")".repeat(300_000);
        DslException e = error("model m {\n    input x: [1, 2]\n    output y = " + deep + "\n}\n");
        assertEquals("m.zk: the program is nested too deeply to compile (simplify it, or give Java a larger stack with -Xss)",
                e.getMessage());
    }

    @Test
    void integersMustFitInAnInt() {
        assertError("model m {\n    input x: [1, 2]\n    output y = flatten(x, axis = 4294967297)\n}\n", 3, 27,
                "argument 'axis' of flatten() must be an integer between -2147483648 and 2147483647, got the integer 4294967297");
    }

    @Test
    void missingModelFile() {
        DslException e = assertThrows(DslException.class, () -> ZkFrontend.compile(dir.resolve("none.zk")));
        assertEquals(dir.resolve("none.zk") + ": no such file", e.getMessage());
    }
}
