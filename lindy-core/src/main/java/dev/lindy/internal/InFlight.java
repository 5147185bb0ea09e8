package dev.lindy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The exchanges in flight, for the drain at shutdown: a set whose members link themselves, in stripes that
 * each take their own lock. A request in flight costs three fields of its context, where a concurrent set's
 * entry is an object and a slot of its table.
 */
final class InFlight {
    private static final int STRIPES = 16;

    private final Stripe[] stripes = new Stripe[STRIPES];

    InFlight() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** One list and the lock that guards it, and the links of its members. */
    private static final class Stripe {
        private DefaultContext first;
        private int size;
    }

    /**
     * Picks a context's stripe, at random: cheaper than an identity hash, which a new object must first have
     * made and stored in its header.
     */
    static int pickStripe() {
        return ThreadLocalRandom.current().nextInt(STRIPES);
    }

    private Stripe stripe(DefaultContext ctx) {
        return stripes[ctx.flightStripe];
    }

    /** Adds an exchange, which must not be in the set. */
    void add(DefaultContext ctx) {
        Stripe s = stripe(ctx);
        synchronized (s) {
            ctx.flightNext = s.first;
            if (s.first != null) {
                s.first.flightPrev = ctx;
            }
            s.first = ctx;
            s.size++;
        }
    }

    /** Removes an exchange; nothing when it is not in the set. */
    void remove(DefaultContext ctx) {
        Stripe s = stripe(ctx);
        synchronized (s) {
            if (ctx.flightPrev == null && s.first != ctx) {
                return;
            }
            if (ctx.flightPrev != null) {
                ctx.flightPrev.flightNext = ctx.flightNext;
            } else {
                s.first = ctx.flightNext;
            }
            if (ctx.flightNext != null) {
                ctx.flightNext.flightPrev = ctx.flightPrev;
            }
            ctx.flightPrev = null;
            ctx.flightNext = null;
            s.size--;
        }
    }

    /** Tells whether no exchange is in flight. */
    boolean isEmpty() {
        for (Stripe s : stripes) {
            synchronized (s) {
                if (s.size > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns the exchanges in flight now, to act on outside the locks. */
    List<DefaultContext> snapshot() {
        List<DefaultContext> all = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (DefaultContext c = s.first; c != null; c = c.flightNext) {
                    all.add(c);
                }
            }
        }
        return all;
    }
}
