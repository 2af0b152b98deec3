package dev.zkmlc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the plan search chose for a model (backend, layout knobs, per-layer gadgets), written by {@code setup}
 * beside the keys so that {@code prove} compiles the same circuit without searching again (the search is most of
 * an -O2 compile). Only a hint: it is used only when prove's compile options equal setup's, and the proving key's
 * circuit hash still decides; on any mismatch prove searches as before.
 */
record LayoutPin(String options, String backend, LayoutOptions layout, LoweringChoices choices) {
    static final String FILE = "layout-pin.json";
    private static final String FORMAT = "zkmlc-layout-pin";

    static LayoutPin of(Pipeline.Compiled c, String options) {
        return new LayoutPin(options, c.backend().name(), c.layoutSearch().chosen().options(), c.fullPlan().lowered().choices());
    }

    /**
     * The compile-relevant part of a command line: the model (absolute) and the value of every option of the compile
     * mixins (model, quantization, circuit), given or defaulted, so that `setup m.onnx -O2` and `prove m.onnx` (whose
     * -O defaults to 2) agree, and the commands' own options (--srs, --pk, --input, --out) do not count.
     */
    static String optionsOf(CommandSpec spec, Path model) {
        List<String> parts = new ArrayList<>();
        for (CommandSpec mixin : spec.mixins().values()) {
            for (OptionSpec o : mixin.options()) {
                Object value = o.getValue();
                if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
                    parts.add(o.longestName() + "=" + value);
                }
            }
        }
        parts.sort(null);
        return model.toAbsolutePath().normalize() + " " + String.join(" ", parts);
    }

    void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", 1);
        json.put("options", options);
        json.put("backend", backend);
        json.put("width", layout.width());
        json.put("tableBits", layout.tableBits());
        json.put("minK", layout.minK());
        json.put("tableSegments", layout.tableSegments());
        Map<String, String> byKey = new TreeMap<>();
        choices.byKey().forEach((k, v) -> byKey.put(k, v.name()));
        json.put("choices", byKey);
        Files.writeString(file, Json.write(json) + "\n");
    }

    /** The pin in this file, or nothing when there is none or it is unreadable (prove then searches). */
    static Optional<LayoutPin> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (!FORMAT.equals(n.path("format").asText()) || n.path("version").asInt() != 1) {
                return Optional.empty();
            }
            Map<String, GadgetChoice> byKey = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.path("choices").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                byKey.put(e.getKey(), GadgetChoice.valueOf(e.getValue().asText()));
            }
            LayoutOptions layout = new LayoutOptions(n.path("width").asInt(), n.path("tableBits").asInt(), n.path("minK").asInt(),
                    n.path("tableSegments").asInt(1));
            return Optional.of(new LayoutPin(n.path("options").asText(), n.path("backend").asText(), layout,
                    new LoweringChoices(byKey)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
