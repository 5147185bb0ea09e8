package dev.lindy.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a path pattern captured: named parameters and splat values, with rollback for backtracking. The lists
 * are made at the first capture: most routes capture nothing.
 */
final class Captures {
    private List<String> names = Collections.emptyList();
    private List<String> values = Collections.emptyList();
    private List<String> splat = Collections.emptyList();

    void param(String name, String value) {
        if (names.isEmpty()) {
            names = names instanceof ArrayList ? names : new ArrayList<>(4);
            values = values instanceof ArrayList ? values : new ArrayList<>(4);
        }
        names.add(name);
        values.add(value);
    }

    void splat(String value) {
        if (!(splat instanceof ArrayList)) {
            splat = new ArrayList<>(2);
        }
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

    /** True when the pattern captured nothing: no parameter and no splat. */
    boolean isEmpty() {
        return names.isEmpty() && splat.isEmpty();
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
