package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.AttributeProto;
import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's attributes by name, with the defaults the ONNX operator definitions give. */
final class Attributes {
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();

    Attributes(NodeProto node) {
        for (AttributeProto a : node.getAttributeList()) {
            byName.put(a.getName(), a);
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    AttributeProto get(String name) {
        return byName.get(name);
    }

    long getInt(String name, long defaultValue) {
        AttributeProto a = byName.get(name);
        return a == null ? defaultValue : a.getI();
    }

    int getInt32(String name, int defaultValue) {
        long v = getInt(name, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new Unsupported("attribute " + name + "=" + v + " is out of range");
        }
        return (int) v;
    }

    double getFloat(String name, double defaultValue) {
        AttributeProto a = byName.get(name);
        return a == null ? defaultValue : a.getF();
    }

    String getString(String name, String defaultValue) {
        AttributeProto a = byName.get(name);
        return a == null ? defaultValue : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** The ints attribute as ints, or null when absent. */
    List<Integer> getInts(String name) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (long v : a.getIntsList()) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new Unsupported("attribute " + name + " holds " + v + ", which is out of range");
            }
            out.add((int) v);
        }
        return out;
    }

    List<Integer> getInts(String name, List<Integer> defaultValue) {
        List<Integer> v = getInts(name);
        return v == null ? defaultValue : v;
    }

    List<Float> getFloats(String name) {
        AttributeProto a = byName.get(name);
        return a == null ? null : a.getFloatsList();
    }
}
