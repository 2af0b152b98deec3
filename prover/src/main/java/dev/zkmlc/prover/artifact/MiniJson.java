package dev.zkmlc.prover.artifact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the small JSON documents zkmlc writes (objects, arrays, strings, integers, true, false,
 * null), so that the prover module needs no JSON library. Errors throw {@link ArtifactFormatException} with the
 * character offset.
 */
final class MiniJson {
    private final String file;
    private final String s;
    private int pos;

    private MiniJson(String file, String s) {
        this.file = file;
        this.s = s;
    }

    /** Map for objects, List for arrays, String, Long, Boolean or null. */
    static Object parse(String file, String text) {
        MiniJson p = new MiniJson(file, text);
        Object v = p.value(0);
        p.ws();
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the JSON value");
        }
        return v;
    }

    private ArtifactFormatException error(String message) {
        return new ArtifactFormatException(file + ": " + message + " (at character " + pos + ")");
    }

    private void ws() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        ws();
        if (pos >= s.length()) {
            throw error("unexpected end of JSON");
        }
        return s.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private Object value(int depth) {
        if (depth > 64) {
            throw error("JSON nested too deeply");
        }
        char c = peek();
        if (c == '{') {
            pos++;
            Map<String, Object> m = new LinkedHashMap<>();
            if (peek() == '}') {
                pos++;
                return m;
            }
            while (true) {
                String key = string();
                expect(':');
                if (m.put(key, value(depth + 1)) != null) {
                    throw error("duplicate key \"" + key + "\"");
                }
                if (peek() == ',') {
                    pos++;
                } else {
                    expect('}');
                    return m;
                }
            }
        }
        if (c == '[') {
            pos++;
            List<Object> l = new ArrayList<>();
            if (peek() == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value(depth + 1));
                if (peek() == ',') {
                    pos++;
                } else {
                    expect(']');
                    return l;
                }
            }
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, pos)) {
                pos += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        int start = pos;
        if (c == '-') {
            pos++;
        }
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos == start || (pos == start + 1 && c == '-')) {
            throw error("expected a JSON value");
        }
        try {
            return Long.parseLong(s.substring(start, pos));
        } catch (NumberFormatException e) {
            throw error("integer out of range");
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case '"':
                    case '\\':
                    case '/':
                        sb.append(e);
                        break;
                    case 'n':
                        sb.append('\n');
                        break;
                    case 't':
                        sb.append('\t');
                        break;
                    default:
                        throw error("unsupported escape \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }
}
