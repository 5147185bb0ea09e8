package dev.lindy.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What a path pattern captured: named parameters and splat values, with rollback for backtracking. */
final class Captures {
    private final List<String> names = new ArrayList<>(4);
    private final List<String> values = new ArrayList<>(4);
    private final List<String> splat = new ArrayList<>(2);

    void param(String name, String value) {
        names.add(name);
        values.add(value);
    }

    void splat(String value) {
        splat.add(value);
    }

    long mark() {
        return ((long) names.size() << 32) | splat.size();
    }

    void reset(long mark) {
        int params = (int) (mark >>> 32);
        int splats = (int) mark;
        truncate(names, params);
        truncate(values, params);
        truncate(splat, splats);
    }

    List<String> names() {
        return names;
    }

    List<String> values() {
        return values;
    }

    List<String> splatValues() {
        return splat.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(splat);
    }

    private static void truncate(List<String> list, int size) {
        while (list.size() > size) {
            list.remove(list.size() - 1);
        }
    }
}
