package dev.zkmlc.frontend.dsl;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds printed text unit by unit (an import, a declaration's first line, a model item, a let, a
 * return, a closing brace), putting each source comment back beside the unit it belonged to:
 * <ul>
 *   <li>a comment on a line of its own goes before the next unit, at that unit's indentation;
 *   blank lines between such comments, and between the last one and its unit, are kept;</li>
 *   <li>a comment after code on its line goes at the end of the unit that line belongs to (when a
 *   unit had several, all but the last go before it); trailing comments on consecutive lines are
 *   aligned to one column;</li>
 *   <li>a comment on a line of its own inside a multi-line expression goes before the next unit
 *   (the tree has no place for it inside the expression).</li>
 * </ul>
 * Units are matched to the source by order: the printer emits them in the order their first tokens
 * appear ({@link SourceComments#anchorLines()}).
 */
final class CommentPlacer {
    private static final String INDENT = "    ";

    /** A printed line and the trailing comment placed at its end (null when none). */
    private record Line(String code, String comment) {}

    private final SourceComments source;
    private final List<Line> lines = new ArrayList<>();
    private int nextComment;
    private int nextAnchor;
    private boolean blankRequested;
    /** The unit printed last, held back until the next unit shows which trailing comments were its. */
    private String pendingText;
    private String pendingIndent;

    CommentPlacer(SourceComments source) {
        this.source = source;
    }

    /** The canonical layout wants a blank line before the next unit (and before its leading comments). */
    void blankLine() {
        blankRequested = true;
    }

    /** A unit of one source anchor: its text, whose later lines already carry their indentation. */
    void unit(int indent, String text) {
        unit(indent, text, 1);
    }

    /** A unit printed on one line from {@code anchors} source units (an empty {@code model m {}}). */
    void unit(int indent, String text, int anchors) {
        place(indent, indent, text, anchors);
    }

    /** The closing brace of a block at level {@code indent}: comments just before it stay inside the block. */
    void closingBrace(int indent) {
        place(indent, indent + 1, "}", 1);
    }

    private void place(int indent, int commentIndent, String text, int anchors) {
        int line = nextAnchorLine();
        List<String> trailing = new ArrayList<>();
        List<SourceComments.Comment> leading = new ArrayList<>();
        for (; nextComment < source.comments().size() && source.comments().get(nextComment).line() < line; nextComment++) {
            SourceComments.Comment c = source.comments().get(nextComment);
            if (c.trailing()) {
                trailing.add(c.text());
            } else {
                leading.add(c);
            }
        }
        flushPending(trailing);
        if (blankRequested || (!leading.isEmpty() && leading.get(0).blankBefore() && !atBlockStart())) {
            lines.add(new Line("", null));
        }
        blankRequested = false;
        String prefix = INDENT.repeat(commentIndent);
        for (int i = 0; i < leading.size(); i++) {
            if (i > 0 && leading.get(i).blankBefore()) {
                lines.add(new Line("", null));
            }
            lines.add(new Line(prefix + leading.get(i).text(), null));
        }
        if (!leading.isEmpty() && leading.get(leading.size() - 1).blankAfter()) {
            lines.add(new Line("", null));
        }
        pendingText = text;
        pendingIndent = INDENT.repeat(indent);
        nextAnchor += anchors - 1;
    }

    /** The text, with comments after the last unit at its end; every source anchor must have been printed. */
    String finish() {
        List<String> trailing = new ArrayList<>();
        for (SourceComments.Comment c : source.comments().subList(nextComment, source.comments().size())) {
            if (c.trailing()) {
                trailing.add(c.text());
            }
        }
        flushPending(trailing);
        if (source.anchorLines() != null && nextAnchor != source.anchorLines().length) {
            throw new IllegalStateException("printed " + nextAnchor + " units for " + source.anchorLines().length + " in the source");
        }
        for (; nextComment < source.comments().size(); nextComment++) {
            SourceComments.Comment c = source.comments().get(nextComment);
            if (c.trailing()) {
                continue;
            }
            if (c.blankBefore() && !lines.isEmpty()) {
                lines.add(new Line("", null));
            }
            lines.add(new Line(c.text(), null));
        }
        return render();
    }

    private int nextAnchorLine() {
        int[] anchors = source.anchorLines();
        if (anchors == null) {
            return 0;
        }
        if (nextAnchor >= anchors.length) {
            throw new IllegalStateException("the printer emits more units than the source has");
        }
        return anchors[nextAnchor++];
    }

    /** Emits the held-back unit with its trailing comments: the last at the end of its last line, any others before it. */
    private void flushPending(List<String> trailing) {
        if (pendingText == null) {
            return;
        }
        for (int i = 0; i < trailing.size() - 1; i++) {
            lines.add(new Line(pendingIndent + trailing.get(i), null));
        }
        String[] printed = (pendingIndent + pendingText).split("\n", -1);
        for (int i = 0; i < printed.length; i++) {
            boolean last = i == printed.length - 1;
            lines.add(new Line(printed[i], last && !trailing.isEmpty() ? trailing.get(trailing.size() - 1) : null));
        }
        pendingText = null;
    }

    private boolean atBlockStart() {
        return lines.isEmpty() || lines.get(lines.size() - 1).code().endsWith("{") || lines.get(lines.size() - 1).code().isEmpty();
    }

    /** The lines, trailing comments of consecutive lines aligned two spaces after the longest code among them. */
    private String render() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < lines.size()) {
            int end = i;
            int width = 0;
            while (end < lines.size() && lines.get(end).comment() != null) {
                width = Math.max(width, lines.get(end).code().length());
                end++;
            }
            if (end == i) {
                sb.append(lines.get(i).code()).append('\n');
                i++;
                continue;
            }
            for (; i < end; i++) {
                Line l = lines.get(i);
                sb.append(l.code()).append(" ".repeat(width - l.code().length() + 2)).append(l.comment()).append('\n');
            }
        }
        return sb.toString();
    }
}
