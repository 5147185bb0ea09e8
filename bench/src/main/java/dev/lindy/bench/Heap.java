package dev.lindy.bench;

import java.lang.management.ManagementFactory;

/** The live heap, as the fan-out servers report it: the least used heap seen over a few full collections. */
final class Heap {
    private Heap() {
    }

    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
